/* `mobsim run FILE --handoffs F.csv`: the handoff records as CSV (header,
 * one row per (handoff, correspondent)), written by the outfile rules: a
 * path that cannot be written is refused with status 2 and an existing
 * file is left as it was when the run fails. Runs $MOBSIM from the
 * repository root. */
#include "tests/analysis/viz_util.h"
#include "tests/testing.h"
#include "tests/util.h"

#include <string.h>
#include <unistd.h>

static void test_fig1_writes_two_rows(void)
{
    char dir[64], cmd[1024], csv[128];
    CU_ASSERT_TRUE_FATAL(vz_tmpdir(dir, sizeof(dir)));
    snprintf(csv, sizeof(csv), "%s/fig1.csv", dir);
    snprintf(cmd, sizeof(cmd), "'%s' run scenarios/fig1.json --handoffs '%s' >/dev/null 2>&1",
             tu_mobsim(), csv);
    int st;
    char *out = vz_run(cmd, &st);
    CU_ASSERT_EQUAL(st, 0);
    free(out);
    char *text = vz_slurp(csv);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    /* where it came from, then the table */
    CU_ASSERT(strncmp(text, "# mobsim ", 9) == 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\n# command: "));
    tu_strip_provenance(text);
    /* B moves 30 ms after A: each sees the other 30 ms away, both lose
     * their registrations at the departed addresses, neither restores */
    CU_ASSERT_STRING_EQUAL(
        text, "time,host,from,to,peer,peer_offset,episode,lost,restored,restore_time,fallback\n"
              "1.000000000,A,A1,A2,B,0.030000000,1,24,0,,0\n"
              "1.030000000,B,B1,B2,A,-0.030000000,1,24,0,,0\n");
    free(text);
    /* the control (5 s apart): restored, no episode */
    snprintf(cmd, sizeof(cmd), "'%s' run scenarios/control.json --handoffs '%s' >/dev/null 2>&1",
             tu_mobsim(), csv);
    out = vz_run(cmd, &st);
    CU_ASSERT_EQUAL(st, 0);
    free(out);
    text = tu_strip_provenance(vz_slurp(csv));
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_EQUAL(vz_count(text, "\n"), 3);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(text, "\n1.000000000,A,A1,A2,B,5.000000000,0,0,1,0.250000000,0\n"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(text, "\n6.000000000,B,B1,B2,A,-5.000000000,0,0,1,0.250000000,0\n"));
    free(text);
    unlink(csv);
    rmdir(dir);
}

static void test_bad_paths_are_refused_and_files_kept(void)
{
    char dir[64], cmd[1024], csv[128];
    CU_ASSERT_TRUE_FATAL(vz_tmpdir(dir, sizeof(dir)));
    int st;
    /* a directory: refused before the run */
    snprintf(cmd, sizeof(cmd), "'%s' run scenarios/fig1.json --handoffs '%s' 2>&1 >/dev/null",
             tu_mobsim(), dir);
    char *out = vz_run(cmd, &st);
    CU_ASSERT_EQUAL(st, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "--handoffs"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "is a directory"));
    free(out);
    /* a missing parent directory: status 2, nothing left behind */
    snprintf(cmd, sizeof(cmd),
             "'%s' run scenarios/fig1.json --handoffs '%s/no/such/h.csv' 2>&1 >/dev/null; "
             "echo status=$?; ls -A '%s'",
             tu_mobsim(), dir, dir);
    out = vz_run(cmd, &st);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "cannot write"));
    const char *tail = strstr(out, "status=2\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(tail);
    CU_ASSERT_STRING_EQUAL(tail, "status=2\n"); /* and ls found nothing */
    free(out);
    /* an existing file and a run that is refused: the file is untouched */
    snprintf(csv, sizeof(csv), "%s/keep.csv", dir);
    FILE *f = fopen(csv, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("old\n", f);
    fclose(f);
    snprintf(cmd, sizeof(cmd),
             "'%s' run scenarios/fig1.json --set horizon=-1s --handoffs '%s' >/dev/null 2>&1",
             tu_mobsim(), csv);
    out = vz_run(cmd, &st);
    CU_ASSERT_EQUAL(st, 2);
    free(out);
    char *text = vz_slurp(csv);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_STRING_EQUAL(text, "old\n");
    free(text);
    snprintf(cmd, sizeof(cmd), "ls -A '%s'", dir);
    out = vz_run(cmd, &st);
    CU_ASSERT_STRING_EQUAL(out, "keep.csv\n"); /* no temporary file left */
    free(out);
    unlink(csv);
    rmdir(dir);
}

static void test_help_names_the_option_and_the_definitions(void)
{
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "'%s' run --help", tu_mobsim());
    int st;
    char *out = vz_run(cmd, &st);
    CU_ASSERT_EQUAL(st, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "--handoffs F.csv"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "docs/model.md, \"Handoff records\""));
    free(out);
}

void suite_handoffs_cli(void)
{
    ADD_SUITE("handoffs_cli", TEST(test_fig1_writes_two_rows),
              TEST(test_bad_paths_are_refused_and_files_kept),
              TEST(test_help_names_the_option_and_the_definitions));
}
