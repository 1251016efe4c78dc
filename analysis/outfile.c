/* analysis/outfile.c - output files that never damage a target (see outfile.h). */
#include "analysis/outfile.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { LINKS_MAX = 40 }; /* as the kernel's ELOOP limit */

/* Copies path to out and follows it while it is a symlink: out ends as the
 * link's final target, which need not exist. False when it does not fit. */
static bool follow_links(const char *path, char *out, size_t cap)
{
    if ((size_t)snprintf(out, cap, "%s", path) >= cap)
        return false;
    for (int i = 0; i < LINKS_MAX; i++) {
        struct stat st;
        if (lstat(out, &st) != 0 || !S_ISLNK(st.st_mode))
            return true;
        char link[OUTFILE_PATH_MAX];
        ssize_t n = readlink(out, link, sizeof(link) - 1);
        if (n < 0)
            return true;
        link[n] = 0;
        if (link[0] == '/') {
            if ((size_t)snprintf(out, cap, "%s", link) >= cap)
                return false;
            continue;
        }
        char *slash = strrchr(out, '/');
        size_t keep = slash ? (size_t)(slash - out) + 1 : 0;
        if (keep + (size_t)n >= cap)
            return false;
        memcpy(out + keep, link, (size_t)n + 1);
    }
    return true; /* a loop: open() will say so */
}

int outfile_check(const char *path, sim_err_t *err)
{
    struct stat st;
    if (strcmp(path, "-") == 0 || stat(path, &st) != 0)
        return 0;
    if (S_ISDIR(st.st_mode))
        return sim_err_set(err, SIM_EINVAL, "%s: is a directory, expected a file name", path);
    if (S_ISBLK(st.st_mode))
        return sim_err_set(err, SIM_EINVAL, "%s: is a block device, expected a file name", path);
    return 0;
}

/* A character device, FIFO or socket: written in place. */
static int open_straight(outfile_t *o, sim_err_t *err)
{
    snprintf(o->target, sizeof(o->target), "%s", o->path);
    o->f = fopen(o->path, "w");
    if (!o->f)
        return sim_err_set(err, SIM_EIO, "cannot write %s: %s", o->path, strerror(errno));
    return 0;
}

/* A new or regular file: a temporary file beside the final target. */
static int open_tmp(outfile_t *o, sim_err_t *err)
{
    if (!follow_links(o->path, o->target, sizeof(o->target)) ||
        (size_t)snprintf(o->tmp, sizeof(o->tmp), "%s.tmp.XXXXXX", o->target) >= sizeof(o->tmp)) {
        o->tmp[0] = 0;
        return sim_err_set(err, SIM_EIO, "cannot write %s: file name too long", o->path);
    }
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        o->tmp[0] = 0;
        return sim_err_set(err, SIM_EIO, "cannot write %s: %s", o->path, strerror(errno));
    }
    /* mkstemp makes the file 0600: keep the mode of the file replaced, else
     * an ordinary new file's (0666 & ~umask) */
    struct stat st;
    mode_t mode;
    if (stat(o->target, &st) == 0) {
        mode = st.st_mode & 07777;
    } else {
        mode_t mask = umask(0);
        umask(mask);
        mode = 0666 & ~mask;
    }
    (void)fchmod(fd, mode);
    o->f = fdopen(fd, "w");
    if (!o->f) {
        int e = errno;
        close(fd);
        unlink(o->tmp);
        o->tmp[0] = 0;
        return sim_err_set(err, SIM_EIO, "cannot write %s: %s", o->path, strerror(e));
    }
    return 0;
}

int outfile_open(outfile_t *o, const char *path, sim_err_t *err)
{
    memset(o, 0, sizeof(*o));
    o->path = path;
    if (strcmp(path, "-") == 0) {
        o->f = stdout;
        o->is_stdout = true;
        return 0;
    }
    int rc = outfile_check(path, err);
    if (rc)
        return rc;
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
        return open_straight(o, err);
    return open_tmp(o, err);
}

int outfile_commit(outfile_t *o, sim_err_t *err)
{
    int e = 0;
    if (o->f) {
        errno = 0;
        bool bad = fflush(o->f) != 0 || ferror(o->f);
        e = errno ? errno : EIO;
        if (!o->is_stdout && fclose(o->f) != 0 && !bad) {
            bad = true;
            e = errno;
        }
        o->f = NULL;
        if (!bad)
            e = 0;
    }
    if (!e && o->tmp[0] && rename(o->tmp, o->target) != 0)
        e = errno;
    if (e) {
        outfile_abort(o);
        if (o->is_stdout)
            return sim_err_set(err, SIM_EIO, "cannot write standard output: %s", strerror(e));
        return sim_err_set(err, SIM_EIO, "cannot write %s: %s", o->path, strerror(e));
    }
    o->tmp[0] = 0;
    return 0;
}

void outfile_abort(outfile_t *o)
{
    if (o->f && !o->is_stdout)
        fclose(o->f);
    o->f = NULL;
    if (o->tmp[0])
        unlink(o->tmp);
    o->tmp[0] = 0;
}

bool outfile_location(const char *path, char *buf, size_t cap)
{
    char target[OUTFILE_PATH_MAX];
    snprintf(buf, cap, "%s", path);
    if (strcmp(path, "-") == 0 || !follow_links(path, target, sizeof(target)))
        return strcmp(path, "-") == 0;
    char *slash = strrchr(target, '/');
    const char *base = slash ? slash + 1 : target;
    char dir[OUTFILE_PATH_MAX];
    if (!slash)
        snprintf(dir, sizeof(dir), ".");
    else if (slash == target)
        snprintf(dir, sizeof(dir), "/");
    else
        snprintf(dir, sizeof(dir), "%.*s", (int)(slash - target), target);
    char real[PATH_MAX];
    if (!realpath(dir, real))
        return false;
    if (*base == 0 || strcmp(base, ".") == 0) /* "dir/" or "x/.": the directory itself */
        snprintf(buf, cap, "%s", real);
    else
        snprintf(buf, cap, "%s%s%s", real, strcmp(real, "/") ? "/" : "", base);
    return true;
}
