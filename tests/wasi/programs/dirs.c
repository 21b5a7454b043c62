// Directories: mkdir, listing (sorted, without . and ..), rename, unlink, rmdir, many entries.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHECK(c) do { if (!(c)) { printf("FAILED line %d: %s (errno %s)\n", __LINE__, #c, strerror(errno)); return 1; } } while (0)

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int list(const char *path, int show) {
    DIR *d = opendir(path);
    if (!d) {
        printf("opendir %s: %s\n", path, strerror(errno));
        return -1;
    }
    char *names[1000];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 1000) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char *s = malloc(strlen(e->d_name) + 3);
        sprintf(s, "%s%s", e->d_name, e->d_type == DT_DIR ? "/" : e->d_type == DT_REG ? "" : "?");
        names[n++] = s;
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, cmp);
    if (show) {
        printf("%s:", path);
        for (int i = 0; i < n; i++)
            printf(" %s", names[i]);
        printf("\n");
    }
    for (int i = 0; i < n; i++)
        free(names[i]);
    return n;
}

static void touch(const char *p) {
    int fd = open(p, O_CREAT | O_WRONLY, 0644);
    if (fd >= 0) {
        write(fd, p, strlen(p));
        close(fd);
    }
}

int main(void) {
    list("/sandbox", 1);
    CHECK(mkdir("/sandbox/d", 0755) == 0);
    CHECK(mkdir("/sandbox/d/sub", 0755) == 0);
    touch("/sandbox/d/a.txt");
    touch("/sandbox/d/b.txt");
    touch("/sandbox/d/sub/deep.txt");
    list("/sandbox", 1);
    list("/sandbox/d", 1);
    list("/sandbox/d/sub", 1);

    errno = 0;
    printf("mkdir existing: %d %s\n", mkdir("/sandbox/d", 0755), strerror(errno));
    errno = 0;
    printf("rmdir non-empty: %d %s\n", rmdir("/sandbox/d"), strerror(errno));
    errno = 0;
    printf("rmdir on a file: %d %s\n", rmdir("/sandbox/d/a.txt"), strerror(errno));
    errno = 0;
    printf("opendir on a file: %s\n", opendir("/sandbox/d/a.txt") ? "opened" : strerror(errno));
    errno = 0;
    printf("mkdir in missing parent: %d %s\n", mkdir("/sandbox/nope/x", 0755), strerror(errno));

    CHECK(rename("/sandbox/d/a.txt", "/sandbox/d/sub/c.txt") == 0);
    CHECK(rename("/sandbox/d/b.txt", "/sandbox/d/b2.txt") == 0);
    CHECK(unlink("/sandbox/d/b2.txt") == 0);
    list("/sandbox/d", 1);
    list("/sandbox/d/sub", 1);
    struct stat st;
    CHECK(stat("/sandbox/d/sub/c.txt", &st) == 0);
    printf("c.txt size %lld\n", (long long)st.st_size);
    CHECK(stat("/sandbox/d/sub", &st) == 0);
    printf("sub is dir: %d\n", S_ISDIR(st.st_mode));

    /* many long names: more than one fd_readdir buffer */
    CHECK(mkdir("/sandbox/many", 0755) == 0);
    char p[300];
    for (int i = 0; i < 400; i++) {
        snprintf(p, sizeof p, "/sandbox/many/file_with_a_rather_long_name_to_fill_the_readdir_buffer_quickly_%04d", i);
        touch(p);
    }
    printf("many: %d entries\n", list("/sandbox/many", 0));
    for (int i = 0; i < 400; i++) {
        snprintf(p, sizeof p, "/sandbox/many/file_with_a_rather_long_name_to_fill_the_readdir_buffer_quickly_%04d", i);
        CHECK(unlink(p) == 0);
    }
    CHECK(rmdir("/sandbox/many") == 0);

    /* rewinddir / seekdir */
    DIR *d = opendir("/sandbox/d");
    CHECK(d);
    int first = 0, second = 0;
    while (readdir(d))
        first++;
    rewinddir(d);
    while (readdir(d))
        second++;
    closedir(d);
    printf("rewinddir gives the same count: %s\n", first == second ? "yes" : "no");

    CHECK(unlink("/sandbox/d/sub/c.txt") == 0);
    CHECK(unlink("/sandbox/d/sub/deep.txt") == 0);
    CHECK(rmdir("/sandbox/d/sub") == 0);
    CHECK(rmdir("/sandbox/d") == 0);
    list("/sandbox", 1);
    return 0;
}
