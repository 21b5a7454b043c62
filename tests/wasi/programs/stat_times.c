// File status and times: sizes, link counts, setting fixed timestamps (whole seconds: node's
// WASI drops the nanoseconds).
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHECK(c) do { if (!(c)) { printf("FAILED line %d: %s (errno %s)\n", __LINE__, #c, strerror(errno)); return 1; } } while (0)

int main(void) {
    int fd = open("/sandbox/f.txt", O_CREAT | O_RDWR, 0644);
    CHECK(fd >= 0);
    CHECK(write(fd, "0123456789", 10) == 10);
    struct stat st;
    CHECK(fstat(fd, &st) == 0);
    printf("fstat: size %lld regular %d nlink %llu\n", (long long)st.st_size, S_ISREG(st.st_mode),
           (unsigned long long)st.st_nlink);
    struct timespec ts[2] = {{1000000000, 0}, {1234567890, 0}};
    CHECK(futimens(fd, ts) == 0);
    CHECK(fstat(fd, &st) == 0);
    printf("after futimens: atime %lld.%09ld mtime %lld.%09ld\n", (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
           (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    close(fd);

    struct timespec ts2[2] = {{0, UTIME_OMIT}, {1500000000, 0}};
    CHECK(utimensat(AT_FDCWD, "/sandbox/f.txt", ts2, 0) == 0);
    CHECK(stat("/sandbox/f.txt", &st) == 0);
    printf("after utimensat (atime omitted): atime %lld mtime %lld\n", (long long)st.st_atim.tv_sec,
           (long long)st.st_mtim.tv_sec);

    CHECK(link("/sandbox/f.txt", "/sandbox/g.txt") == 0);
    CHECK(stat("/sandbox/g.txt", &st) == 0);
    printf("after link: nlink %llu size %lld\n", (unsigned long long)st.st_nlink, (long long)st.st_size);
    struct stat st2;
    CHECK(stat("/sandbox/f.txt", &st2) == 0);
    printf("same inode: %s\n", st.st_ino == st2.st_ino && st.st_dev == st2.st_dev ? "yes" : "no");
    CHECK(unlink("/sandbox/f.txt") == 0);
    CHECK(stat("/sandbox/g.txt", &st) == 0);
    printf("after unlink: nlink %llu\n", (unsigned long long)st.st_nlink);

    CHECK(stat("/sandbox", &st) == 0);
    printf("sandbox is a directory: %d\n", S_ISDIR(st.st_mode));
    CHECK(truncate("/sandbox/g.txt", 4) == 0);
    CHECK(stat("/sandbox/g.txt", &st) == 0);
    printf("after truncate: size %lld\n", (long long)st.st_size);
    errno = 0;
    printf("stat missing: %d %s\n", stat("/sandbox/none", &st), strerror(errno));
    time_t before = time(NULL);
    fd = open("/sandbox/new.txt", O_CREAT | O_WRONLY, 0644);
    close(fd);
    CHECK(stat("/sandbox/new.txt", &st) == 0);
    printf("new file mtime is now: %s\n", st.st_mtim.tv_sec >= before - 2 && st.st_mtim.tv_sec <= before + 2 ? "yes" : "no");
    return 0;
}
