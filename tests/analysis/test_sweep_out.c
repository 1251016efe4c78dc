/* analysis/sweep_out: the output directory's lock, the refusal of journals
 * that are not this sweep's, and write errors that name the file and the
 * reason. Runs from the repository root (the sweep below names
 * scenarios/fig1.json relative to "scenarios/"). */
#include "tests/testing.h"
#include "tests/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/sweep.h"

static const char tiny[] =
    "{\"base\": \"fig1.json\", \"set\": {\"traffic.rate\": 0, \"horizon\": \"4s\"},"
    " \"vary\": {\"moves[1].at\": [\"0.6s\", \"1s\"], \"scheme\": [\"baseline\", \"proxies\"]},"
    " \"replications\": 2, \"seed\": 3}";

static sweep_t *load_tiny(void)
{
    sweep_t *s = NULL;
    sim_err_t err = {0};
    int rc = sweep_load_string(tiny, strlen(tiny), "scenarios/test-sweep.json", NULL, &s, &err);
    CU_ASSERT_EQUAL(rc, 0);
    if (rc)
        fprintf(stderr, "\n  %s\n", err.msg);
    return s;
}

static bool exists_in(const char *dir, const char *name)
{
    char p[512];
    struct stat st;
    snprintf(p, sizeof(p), "%s/%s", dir, name);
    return lstat(p, &st) == 0;
}

static bool has_temp(const char *dir)
{
    bool found = false;
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));)
        found = found || strstr(e->d_name, ".tmp") != NULL;
    if (d)
        closedir(d);
    return found;
}

static int sink(void *ctx, sweep_block_t *b, sim_err_t *err)
{
    return sweep_out_add(ctx, b, err);
}

/* Runs every point of s into o. */
static void run_all(const sweep_t *s, sweep_out_t *o)
{
    sim_err_t err = {0};
    sweep_exec_t x = {1, NULL, sink, NULL, 0, o, NULL};
    CU_ASSERT_EQUAL(sweep_execute(s, &x, &err), 0);
}

static void test_a_second_output_on_one_directory_is_refused_until_the_first_is_destroyed(void)
{
    sweep_t *s = load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    char dir[] = "/tmp/mobsim-sweep-out-XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    sweep_out_options_t oo = {dir, false, false, false};
    sweep_out_t *first = NULL, *second = NULL;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(sweep_out_open(s, &oo, &first, &err), 0);
    CU_ASSERT_TRUE(exists_in(dir, "lock"));
    /* flock locks belong to open files, so one process is refused too */
    CU_ASSERT_EQUAL(sweep_out_open(s, &oo, &second, &err), -SIM_EINVAL);
    CU_ASSERT_PTR_NULL(second);
    char want[256];
    snprintf(want, sizeof(want),
             "%s: in use by another mobsim sweep (pid %ld); wait for it or use another -o "
             "directory",
             dir, (long)getpid());
    CU_ASSERT_STRING_EQUAL(err.msg, want);
    sweep_out_destroy(first);
    CU_ASSERT_FALSE(exists_in(dir, "lock"));
    CU_ASSERT_EQUAL(sweep_out_open(s, &oo, &second, &err), 0);
    sweep_out_destroy(second);
    tu_rm_rf(dir);
    sweep_destroy(s);
}

static void expect_resume_refused(const sweep_t *s, const char *dir, const char *journal,
                                  const char *want)
{
    char p[256];
    snprintf(p, sizeof(p), "%s/journal", dir);
    FILE *f = fopen(p, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(journal, f);
    fclose(f);
    sweep_out_options_t oo = {dir, true, false, false};
    sweep_out_t *o = NULL;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL(sweep_out_open(s, &oo, &o, &err), -SIM_EINVAL);
    CU_ASSERT_PTR_NULL(o);
    char full[512];
    snprintf(full, sizeof(full), "%s/journal: %s", dir, want);
    CU_ASSERT_STRING_EQUAL(err.msg, full);
    CU_ASSERT_FALSE(exists_in(dir, "lock")); /* released on the way out */
}

static void test_resume_refuses_journals_that_are_not_this_sweep_s_records(void)
{
    sweep_t *s = load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    char dir[] = "/tmp/mobsim-sweep-out-XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    /* a finished sweep, for its real header line */
    sweep_out_options_t oo = {dir, false, false, false};
    sweep_out_t *o = NULL;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(sweep_out_open(s, &oo, &o, &err), 0);
    run_all(s, o);
    sweep_out_destroy(o);
    char p[256], head[256];
    snprintf(p, sizeof(p), "%s/journal", dir);
    FILE *f = fopen(p, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fgets(head, sizeof(head), f));
    fclose(f);
    char text[1024];
    /* the format before records were bound to the sweep */
    expect_resume_refused(s, dir, "mobsim-sweep-journal 1 fingerprint=0 points=2\n",
                          "a journal of another mobsim version; run without --resume to start "
                          "afresh");
    /* a complete line that is not a record header is damage, not a torn write */
    char want[256];
    snprintf(text, sizeof(text), "%s@ 0 x\n@ 1 5 0\nrow 0\n", head);
    snprintf(want, sizeof(want),
             "byte %zu: expected a record \"@ POINT LENGTH CHECKSUM\"; delete the journal to "
             "start afresh",
             strlen(head));
    expect_resume_refused(s, dir, text, want);
    snprintf(text, sizeof(text), "%s@ 7 4 0\nrow\n", head);
    snprintf(want, sizeof(want),
             "byte %zu: a record of point 7, but the sweep has 2 points; delete the journal to "
             "start afresh",
             strlen(head));
    expect_resume_refused(s, dir, text, want);
    snprintf(text, sizeof(text), "%s@ 1 6 0123456789abcdef\nrow 0\n", head);
    expect_resume_refused(s, dir, text,
                          "point 1: the checksum does not match this sweep (a record of another "
                          "sweep, or edited); delete the journal to start afresh");
    tu_rm_rf(dir);
    sweep_destroy(s);
}

static void test_an_output_that_cannot_be_put_in_place_names_the_file_and_the_reason(void)
{
    sweep_t *s = load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    char dir[] = "/tmp/mobsim-sweep-out-XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    char p[256];
    snprintf(p, sizeof(p), "%s/sweep.json", dir); /* a non-empty directory in the way */
    CU_ASSERT_EQUAL_FATAL(mkdir(p, 0777), 0);
    snprintf(p, sizeof(p), "%s/sweep.json/keep", dir);
    FILE *f = fopen(p, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fclose(f);
    sweep_out_options_t oo = {dir, false, false, false};
    sweep_out_t *o = NULL;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(sweep_out_open(s, &oo, &o, &err), 0);
    run_all(s, o);
    CU_ASSERT_EQUAL(sweep_out_finish(o, &err), -SIM_EIO);
    char want[512];
    snprintf(want, sizeof(want), "cannot write %s/sweep.json: ", dir);
    CU_ASSERT_NSTRING_EQUAL(err.msg, want, strlen(want));
    CU_ASSERT(strstr(err.msg, strerror(EISDIR)) || strstr(err.msg, strerror(ENOTEMPTY)) ||
              strstr(err.msg, strerror(EEXIST)));
    sweep_out_destroy(o);
    CU_ASSERT_FALSE(has_temp(dir));
    CU_ASSERT_TRUE(exists_in(dir, "sweep.json/keep"));
    tu_rm_rf(dir);
    sweep_destroy(s);
}

void suite_sweep_out(void)
{
    ADD_SUITE("sweep_out",
              TEST(test_a_second_output_on_one_directory_is_refused_until_the_first_is_destroyed),
              TEST(test_resume_refuses_journals_that_are_not_this_sweep_s_records),
              TEST(test_an_output_that_cannot_be_put_in_place_names_the_file_and_the_reason));
}
