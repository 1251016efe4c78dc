/* tests/util.c - helpers shared by the CUnit suites (tests/util.h). */
#include "tests/util.h"

#include "analysis/provenance.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void tu_rm_rf(const char *dir)
{
    DIR *d = opendir(dir);
    char path[512];
    for (struct dirent *e; d && (e = readdir(d));) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
            tu_rm_rf(path);
        else
            unlink(path);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

char *tu_strip_provenance(char *text)
{
    if (!text)
        return NULL;
    char *out = text;
    for (const char *line = text; *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) + 1 : strlen(line);
        if (!prov_is_provenance_line(line)) {
            memmove(out, line, len);
            out += len;
        }
        line += len;
    }
    *out = 0;
    return text;
}

const char *tu_mobsim(void)
{
    const char *m = getenv("MOBSIM");
    return m && *m ? m : "build/mobsim";
}
