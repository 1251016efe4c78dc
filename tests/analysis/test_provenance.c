/* tests/analysis/test_provenance.c - analysis/provenance.c: the command
 * line as a shell reads it back, CSV comment lines that no word of the
 * command can break, the one-line JSON object, the HTML element escaped,
 * and which lines comparisons drop. */
#include "analysis/provenance.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "tests/testing.h"

static char *written(void (*fn)(FILE *, const prov_t *), const prov_t *p)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    fn(f, p);
    fclose(f);
    return buf;
}

static void test_command_words_are_quoted_as_a_shell_reads_them_back(void)
{
    char *argv[] = {"run", "fig1", "--set", "description=it's two words", "--json"};
    prov_t p;
    CU_ASSERT_EQUAL_FATAL(prov_init(&p, "mobsim", 5, argv), 0);
    CU_ASSERT_STRING_EQUAL(p.command,
                           "mobsim run fig1 --set 'description=it'\\''s two words' --json");
    CU_ASSERT_STRING_EQUAL(p.version, MOBSIM_VERSION);
    CU_ASSERT_PTR_NOT_NULL(p.commit);
    CU_ASSERT_FALSE(p.has_seed);
    prov_fini(&p);
    CU_ASSERT_PTR_NULL(p.command);
    prov_fini(&p); /* twice is harmless */
}

static void test_csv_comment_lines_cannot_be_broken_by_a_newline_in_the_command(void)
{
    char *argv[] = {"sweep", "x.json", "--set", "description=a\nb,c"};
    prov_t p;
    CU_ASSERT_EQUAL_FATAL(prov_init(&p, "mobsim", 4, argv), 0);
    prov_set_seed(&p, 18446744073709551615ull, PROV_SEEDING_SWEEP);
    char *text = written(prov_write_csv_comments, &p);
    int lines = 0;
    for (char *l = text; l && *l; l = strchr(l, '\n') + 1, lines++) {
        CU_ASSERT_EQUAL(l[0], '#'); /* every line a comment */
        if (!strchr(l, '\n'))
            break;
    }
    CU_ASSERT_EQUAL(lines, 4);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(text, "# command: mobsim sweep x.json --set 'description=a\\nb,c'\n"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(text, "# seed: 18446744073709551615 (replication r of grid point p"));
    free(text);
    prov_fini(&p);
}

static void test_json_object_is_one_line_and_keeps_a_64_bit_seed_exact(void)
{
    char *argv[] = {"run", "a\"b"};
    prov_t p;
    CU_ASSERT_EQUAL_FATAL(prov_init(&p, "mobsim", 2, argv), 0);
    prov_set_seed(&p, 18446744073709551615ull, PROV_SEEDING_RUN);
    char *text = prov_json_text(&p);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NULL(strchr(text, '\n'));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"seed\":18446744073709551615,"));
    cJSON *o = cJSON_Parse(text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(o, "command")->valuestring, "mobsim run 'a\"b'");
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(o, "seeding")->valuestring, PROV_SEEDING_RUN);
    cJSON_Delete(o);
    cJSON_free(text);
    prov_fini(&p);
}

static void test_html_element_escapes_the_command(void)
{
    char *argv[] = {"figures", "-o", "<b>&"};
    prov_t p;
    CU_ASSERT_EQUAL_FATAL(prov_init(&p, "mobsim", 3, argv), 0);
    char *html = written(prov_write_html, &p);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<code>mobsim figures -o '&lt;b&gt;&amp;'</code>"));
    static const char head[] = "<p class=\"provenance\">mobsim " MOBSIM_VERSION " (commit ";
    CU_ASSERT(strncmp(html, head, sizeof(head) - 1) == 0);
    free(html);
    prov_fini(&p);
}

static void test_comparisons_drop_exactly_the_provenance_lines(void)
{
    CU_ASSERT_TRUE(prov_is_provenance_line("# mobsim 0.1.0 (commit x)\n"));
    CU_ASSERT_TRUE(prov_is_provenance_line("\t\"provenance\":\t{\"mobsim\":\"0.1.0\"},\n"));
    CU_ASSERT_TRUE(prov_is_provenance_line("  \"provenance\": {},\n"));
    CU_ASSERT_FALSE(prov_is_provenance_line("\t\"scenario\":\t{\n"));
    CU_ASSERT_FALSE(prov_is_provenance_line("0.6,baseline,100\n"));
    CU_ASSERT_FALSE(prov_is_provenance_line("\t\"description\":\t\"\\\"provenance\\\": x\",\n"));
}

void suite_provenance_unit(void)
{
    ADD_SUITE("analysis/provenance", TEST(test_command_words_are_quoted_as_a_shell_reads_them_back),
              TEST(test_csv_comment_lines_cannot_be_broken_by_a_newline_in_the_command),
              TEST(test_json_object_is_one_line_and_keeps_a_64_bit_seed_exact),
              TEST(test_html_element_escapes_the_command),
              TEST(test_comparisons_drop_exactly_the_provenance_lines));
}
