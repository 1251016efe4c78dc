/* tests/fuzz/make_corpus.c - writes the seed corpus for fuzz_pkt: every
 * sample packet (tests/models/samples.h), the bare Mobility Header of each
 * MH sample (for mh_parse), and the inner packet of each tunnel.
 * Usage: make_corpus DIR   (run by `make fuzz-corpus`). */
#include <stdio.h>
#include <string.h>

#include "models/pkt.h"
#include "tests/models/samples.h"

static int write_file(const char *dir, const char *name, const char *ext, const uint8_t *p,
                      size_t n)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s.%s", dir, name, ext);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
        fprintf(stderr, "make_corpus: cannot write %s\n", path);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: make_corpus DIR\n");
        return 2;
    }
    int bad = 0;
    for (int id = 0; id < SAMPLE_N; id++) {
        uint8_t buf[PKT_MAX_LEN];
        size_t len;
        pkt_view_t v;
        if (sample_build(id, buf, sizeof(buf), &len) || pkt_parse(buf, len, &v, NULL, 0)) {
            fprintf(stderr, "make_corpus: sample %s does not build\n", sample_name(id));
            return 1;
        }
        bad |= write_file(argv[1], sample_name(id), "pkt", buf, len);
        if (v.proto == PKT_PROTO_MH)
            bad |= write_file(argv[1], sample_name(id), "mh", v.upper, v.upper_len);
        if (v.proto == PKT_PROTO_IPV6)
            bad |= write_file(argv[1], sample_name(id), "inner", v.upper, v.upper_len);
    }
    return bad;
}
