// Symlinks that stay inside the sandbox work; loops and dangling links fail.
// The harness makes sub/up -> .. and sub/rel -> ../sub/./f.txt (node's WASI refuses to create
// symlinks whose target contains ".." even when it stays inside).
// SETUP: inner
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHECK(c) do { if (!(c)) { printf("FAILED line %d: %s (errno %s)\n", __LINE__, #c, strerror(errno)); return 1; } } while (0)

static void cat(const char *path) {
    char buf[128] = {0};
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("open %s: failed\n", path);
        return;
    }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    printf("open %s: [%.*s]\n", path, (int)(n > 0 ? n : 0), buf);
}

int main(void) {
    mkdir("/sandbox/sub", 0755); /* made by the harness */
    int fd = open("/sandbox/target.txt", O_CREAT | O_WRONLY, 0644);
    CHECK(fd >= 0);
    write(fd, "target contents", 15);
    close(fd);
    fd = open("/sandbox/sub/f.txt", O_CREAT | O_WRONLY, 0644);
    write(fd, "in sub", 6);
    close(fd);

    CHECK(symlink("target.txt", "/sandbox/l1") == 0);
    char buf[128];
    ssize_t n = readlink("/sandbox/l1", buf, sizeof buf);
    printf("readlink l1: [%.*s]\n", (int)n, buf);
    cat("/sandbox/l1");
    struct stat st, lst;
    CHECK(stat("/sandbox/l1", &st) == 0 && lstat("/sandbox/l1", &lst) == 0);
    printf("stat: regular %d size %lld; lstat: symlink %d\n", S_ISREG(st.st_mode), (long long)st.st_size,
           S_ISLNK(lst.st_mode));

    CHECK(symlink("sub", "/sandbox/dl") == 0);
    cat("/sandbox/dl/f.txt");
    cat("/sandbox/sub/up/target.txt");
    cat("/sandbox/sub/up/sub/up/dl/f.txt");
    cat("/sandbox/sub/rel");
    CHECK(symlink("l1", "/sandbox/chain") == 0);
    cat("/sandbox/chain");

    CHECK(symlink("loop2", "/sandbox/loop1") == 0);
    CHECK(symlink("loop1", "/sandbox/loop2") == 0);
    errno = 0;
    printf("open loop: %d %s\n", open("/sandbox/loop1", O_RDONLY), strerror(errno));
    CHECK(symlink("nowhere", "/sandbox/dangling") == 0);
    errno = 0;
    printf("open dangling: %d %s\n", open("/sandbox/dangling", O_RDONLY), strerror(errno));
    /* not compared: O_NOFOLLOW on a symlink fails with ELOOP here (POSIX), node's WASI follows it */
    errno = 0;
    printf("symlink over existing: %d %s\n", symlink("x", "/sandbox/l1"), strerror(errno));

    CHECK(unlink("/sandbox/l1") == 0);
    printf("after unlink l1: target exists %d, l1 exists %d\n", access("/sandbox/target.txt", F_OK) == 0,
           lstat("/sandbox/l1", &lst) == 0);
    cat("/sandbox/chain");
    return 0;
}
