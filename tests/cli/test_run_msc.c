/* `mobsim run FILE --msc F`: the chart of the run, SVG or mscgen text by
 * the file's extension, written only when the run succeeded. Runs $MOBSIM
 * (make test-run sets it), from the repository root. */
#include "tests/analysis/viz_util.h"
#include "tests/testing.h"
#include "tests/util.h"

#include <string.h>
#include <unistd.h>

static void test_run_writes_the_msc_of_the_run(void)
{
    CU_ASSERT_TRUE_FATAL(vz_have("xmllint"));
    char dir[64], cmd[1024], svg[128], gen[128];
    CU_ASSERT_TRUE_FATAL(vz_tmpdir(dir, sizeof(dir)));
    snprintf(svg, sizeof(svg), "%s/fig6.svg", dir);
    snprintf(gen, sizeof(gen), "%s/fig6.msc", dir);
    snprintf(cmd, sizeof(cmd),
             "'%s' run scenarios/fig6.json --msc '%s' >/dev/null 2>&1 && "
             "'%s' run scenarios/fig6.json --msc='%s' >/dev/null 2>&1 && "
             "xmllint --noout '%s' 2>&1",
             tu_mobsim(), svg, tu_mobsim(), gen, svg);
    int st;
    char *out = vz_run(cmd, &st);
    CU_ASSERT_EQUAL(st, 0);
    CU_ASSERT_STRING_EQUAL(out, "");
    free(out);
    char *text = vz_slurp(svg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, ">HA re-forwarded CoTI</text>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "CoTI from A for B: HA_B \xe2\x86\x92 AR_B1"));
    free(text);
    text = vz_slurp(gen);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "msc {"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"HA_B\" note \"HA_B\" [label=\"HA re-forwarded CoTI"));
    free(text);
    unlink(svg);
    unlink(gen);
    /* a chart that cannot be written: status 2, one line, nothing left */
    snprintf(cmd, sizeof(cmd),
             "'%s' run scenarios/fig1.json --msc '%s/no/such/x.svg' 2>&1 "
             ">/dev/null; echo status=$?; ls -A '%s'",
             tu_mobsim(), dir, dir);
    out = vz_run(cmd, &st);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "cannot write"));
    const char *tail = strstr(out, "status=2\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(tail);
    CU_ASSERT_STRING_EQUAL(tail, "status=2\n"); /* and ls found nothing */
    free(out);
    rmdir(dir);
}

void suite_run_msc(void)
{
    ADD_SUITE("cli/run-msc", TEST(test_run_writes_the_msc_of_the_run));
}
