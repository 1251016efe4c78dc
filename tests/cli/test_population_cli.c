/* The shipped population scenarios, run as a user runs them ($MOBSIM from
 * the repository root): scenarios/train.json (two passengers of one train
 * against two on different trains: the baseline loses nearly every handoff
 * of the first pair and none of the second, every scheme restores them),
 * scenarios/population.json (the generator's counts, on a shortened
 * horizon) and a population sweep with its episode_frac_theory column. */
#include "tests/analysis/viz_util.h"
#include "tests/testing.h"
#include "tests/util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef struct pair_rows {
    int rows, restored, lost_rows, episodes;
    double max_restore; /* seconds, over restored rows */
} pair_rows_t;

/* Counts the --handoffs rows of hosts x and y (each one's rows toward the
 * other). */
static pair_rows_t count_rows(const char *csv, char x, char y)
{
    pair_rows_t r = {0};
    const char *line = strchr(csv, '\n');
    while (line && line[1]) {
        line++;
        double t, off, rt = NAN;
        char host[16], from[16], to[16], peer[16], rest[64];
        int ep, restored;
        unsigned lost;
        if (sscanf(line, "%lf,%15[^,],%15[^,],%15[^,],%15[^,],%lf,%d,%u,%d,%63[^\n]", &t, host,
                   from, to, peer, &off, &ep, &lost, &restored, rest) == 10 &&
            ((host[0] == x && peer[0] == y) || (host[0] == y && peer[0] == x))) {
            r.rows++;
            r.restored += restored;
            r.lost_rows += lost > 0;
            r.episodes += ep;
            if (restored && sscanf(rest, "%lf", &rt) == 1 && rt > r.max_restore)
                r.max_restore = rt;
        }
        line = strchr(line, '\n');
    }
    return r;
}

static char *train_rows(const char *dir, const char *scheme)
{
    char cmd[1024], csv[128];
    snprintf(csv, sizeof(csv), "%s/train-%s.csv", dir, scheme);
    snprintf(cmd, sizeof(cmd),
             "'%s' run scenarios/train.json --set scheme=%s --handoffs '%s' >/dev/null 2>&1",
             tu_mobsim(), scheme, csv);
    int st;
    free(vz_run(cmd, &st));
    CU_ASSERT_EQUAL(st, 0);
    char *text = vz_slurp(csv);
    unlink(csv);
    return text;
}

static void test_one_train_loses_nearly_every_handoff_and_each_scheme_restores(void)
{
    char dir[64];
    CU_ASSERT_TRUE_FATAL(vz_tmpdir(dir, sizeof(dir)));
    char *text = train_rows(dir, "baseline");
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    pair_rows_t ab = count_rows(text, 'A', 'B'), cd = count_rows(text, 'C', 'D');
    /* 8 train moves in 500 s (the first at 30 s, then every 60 s), two
     * passengers: 16 rows per pair */
    CU_ASSERT_EQUAL(ab.rows, 16);
    CU_ASSERT_EQUAL(cd.rows, 16);
    /* one train: every handoff loses signaling, at most a few restore */
    CU_ASSERT_EQUAL(ab.lost_rows, 16);
    CU_ASSERT_TRUE(ab.restored <= 4);
    CU_ASSERT_TRUE(ab.episodes >= 2);
    /* two trains 25 s apart: nothing lost, restored after one
     * registration (250 ms) */
    CU_ASSERT_EQUAL(cd.lost_rows, 0);
    CU_ASSERT_EQUAL(cd.restored, 16);
    CU_ASSERT_EQUAL(cd.episodes, 0);
    CU_ASSERT_DOUBLE_EQUAL(cd.max_restore, 0.25, 1e-9);
    free(text);
    static const char *const fixes[] = {"forwarding", "proxies", "hoa-signaling"};
    for (int i = 0; i < 3; i++) {
        text = train_rows(dir, fixes[i]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(text);
        ab = count_rows(text, 'A', 'B');
        /* the collisions still happen (episode 1: signaling died at a
         * departed address), and every one is repaired within 2 s */
        CU_ASSERT_EQUAL(ab.rows, 16);
        CU_ASSERT_EQUAL(ab.restored, 16);
        CU_ASSERT_EQUAL(ab.episodes, 16);
        CU_ASSERT_TRUE(ab.max_restore > 0.25 && ab.max_restore < 2);
        free(text);
    }
    rmdir(dir);
}

static double json_number(const char *json, const char *key)
{
    char k[80];
    snprintf(k, sizeof(k), "\"%s\":", key);
    const char *p = strstr(json, k);
    return p ? strtod(p + strlen(k), NULL) : NAN;
}

static void test_population_json_counts_and_theory(void)
{
    char cmd[1024];
    snprintf(cmd, sizeof(cmd),
             "'%s' run population --set horizon=120s --set population.rate=0 --json 2>&1 | "
             "tr -d ' \\t\\n'",
             tu_mobsim());
    int st;
    char *out = vz_run(cmd, &st);
    CU_ASSERT_EQUAL(st, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    /* 2000 mobile hosts with one mobile peer (a perfect matching: 1000
     * pairs) and one of 200 correspondents each (2000 pairs) */
    const char *pop = strstr(out, "\"population\":{");
    CU_ASSERT_PTR_NOT_NULL_FATAL(pop);
    CU_ASSERT_PTR_NOT_NULL(strstr(pop, "\"hosts\":{\"mobile\":2000,\"correspondents\":200}"));
    CU_ASSERT_EQUAL(json_number(pop, "pairs"), 3000);
    /* the closed form over all rows: half of them face a mobile peer,
     * 1 - exp(-0.5 s / 30 s) each, the others a stationary one (0) */
    const char *top = strstr(pop, "\"class_pairs\"");
    CU_ASSERT_PTR_NOT_NULL_FATAL(top);
    double all = json_number(strstr(top, "]"), "episode_frac_theory");
    CU_ASSERT_DOUBLE_EQUAL(all, 0.5 * (1 - exp(-0.5 / 30)), 1e-6);
    free(out);
}

static void test_population_sweep_has_the_theory_column(void)
{
    char dir[64], cmd[2048], path[128];
    CU_ASSERT_TRUE_FATAL(vz_tmpdir(dir, sizeof(dir)));
    snprintf(path, sizeof(path), "%s/s.json", dir);
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fprintf(f,
            "{\"name\": \"s\", \"base\": \"%s/scenarios/population.json\", \"set\": "
            "{\"horizon\": \"60s\", \"population.mobile_hosts\": 40, "
            "\"population.correspondents\": 0, \"population.cells\": 10, "
            "\"population.home_agents\": 2, \"population.rate\": 0, "
            "\"population.peers\": {\"k\": 1, \"mobile_fraction\": 1}}, "
            "\"vary\": {\"population.mobility.rate\": [0.1, 0.2]}, "
            "\"metrics\": [\"episode_frac\"], \"replications\": 2}\n",
            getcwd(cmd, sizeof(cmd)));
    fclose(f);
    snprintf(cmd, sizeof(cmd), "'%s' sweep '%s' -o '%s/out' --no-plots -j 1 >/dev/null 2>&1",
             tu_mobsim(), path, dir);
    int st;
    free(vz_run(cmd, &st));
    CU_ASSERT_EQUAL(st, 0);
    snprintf(path, sizeof(path), "%s/out/sweep.csv", dir);
    char *csv = vz_slurp(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
    CU_ASSERT_PTR_NOT_NULL(strstr(csv, ",episode_frac_p95,episode_frac_theory"));
    /* every peer is mobile: 1 - exp(-rate * 0.5 s) at each point */
    char want[64];
    for (int i = 0; i < 2; i++) {
        double rate = i ? 0.2 : 0.1;
        snprintf(want, sizeof(want), ",%.10g", 1 - exp(-rate * 0.5));
        const char *row = strstr(csv, i ? "\n0.2," : "\n0.1,");
        CU_ASSERT_PTR_NOT_NULL_FATAL(row);
        const char *end = strchr(row + 1, '\n');
        const char *hit = strstr(row, want);
        CU_ASSERT_TRUE(hit && (!end || hit < end));
    }
    free(csv);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    CU_ASSERT_EQUAL(system(cmd), 0);
}

void suite_cli_population(void)
{
    ADD_SUITE("cli/population",
              TEST(test_one_train_loses_nearly_every_handoff_and_each_scheme_restores),
              TEST(test_population_json_counts_and_theory),
              TEST(test_population_sweep_has_the_theory_column));
}
