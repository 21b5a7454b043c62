// File I/O in the preopened directory: stdio, POSIX read/write, seek, pread/pwrite, truncate, errors.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHECK(c) do { if (!(c)) { printf("FAILED line %d: %s (errno %s)\n", __LINE__, #c, strerror(errno)); return 1; } } while (0)

int main(void) {
    FILE *f = fopen("/sandbox/data.txt", "w");
    CHECK(f);
    for (int i = 0; i < 5; i++)
        fprintf(f, "line %d\n", i);
    CHECK(fclose(f) == 0);

    char buf[256];
    f = fopen("/sandbox/data.txt", "r");
    CHECK(f);
    while (fgets(buf, sizeof buf, f))
        printf("read: %s", buf);
    CHECK(fseek(f, 5, SEEK_SET) == 0);
    printf("ftell after fseek: %ld, next char '%c'\n", ftell(f), fgetc(f));
    fclose(f);

    f = fopen("/sandbox/data.txt", "a");
    CHECK(f);
    fputs("appended\n", f);
    printf("ftell in append mode: %ld\n", ftell(f));
    fclose(f);

    int fd = open("/sandbox/data.txt", O_RDWR);
    CHECK(fd >= 0);
    off_t end = lseek(fd, 0, SEEK_END);
    printf("size by lseek: %lld\n", (long long)end);
    CHECK(pwrite(fd, "LINE", 4, 0) == 4);
    CHECK(pwrite(fd, "#", 1, 7) == 1);
    memset(buf, 0, sizeof buf);
    CHECK(pread(fd, buf, 14, 0) == 14);
    printf("pread: [%.*s]\n", 14, buf);
    printf("offset unchanged by pread/pwrite: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
    CHECK(lseek(fd, -9, SEEK_END) >= 0);
    ssize_t n = read(fd, buf, sizeof buf);
    printf("tail: [%.*s]\n", (int)n - 1, buf);
    CHECK(fsync(fd) == 0);
    CHECK(fdatasync(fd) == 0);
    CHECK(ftruncate(fd, 3) == 0);
    struct stat st;
    CHECK(fstat(fd, &st) == 0);
    printf("after ftruncate: size %lld regular %d\n", (long long)st.st_size, S_ISREG(st.st_mode));
    CHECK(ftruncate(fd, 10) == 0);
    CHECK(pread(fd, buf, 10, 0) == 10);
    printf("zero-filled: %d %d\n", buf[3] == 0, buf[9] == 0);
    CHECK(close(fd) == 0);

    /* a larger file through several writes and reads */
    fd = open("/sandbox/big.bin", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    CHECK(fd >= 0);
    unsigned sum = 0;
    for (int block = 0; block < 40; block++) {
        unsigned char b[4096];
        for (int i = 0; i < 4096; i++) {
            b[i] = (unsigned char)(block * 31 + i * 7);
            sum += b[i];
        }
        CHECK(write(fd, b, sizeof b) == (ssize_t)sizeof b);
    }
    close(fd);
    fd = open("/sandbox/big.bin", O_RDONLY);
    CHECK(fd >= 0);
    unsigned sum2 = 0;
    long total = 0;
    unsigned char rb[3000];
    while ((n = read(fd, rb, sizeof rb)) > 0) {
        total += n;
        for (ssize_t i = 0; i < n; i++)
            sum2 += rb[i];
    }
    close(fd);
    printf("big: %ld bytes, checksum %s\n", total, sum == sum2 ? "ok" : "BAD");

    errno = 0;
    printf("open missing: %d %s\n", open("/sandbox/missing.txt", O_RDONLY), strerror(errno));
    errno = 0;
    printf("create existing with O_EXCL: %d %s\n",
           open("/sandbox/data.txt", O_CREAT | O_EXCL | O_WRONLY, 0644), strerror(errno));
    errno = 0;
    printf("read on closed fd: %zd %s\n", read(fd, buf, 1), strerror(errno));
    fd = open("/sandbox/data.txt", O_RDONLY);
    errno = 0;
    printf("write on read-only fd: %zd %s\n", write(fd, "x", 1), strerror(errno));
    close(fd);
    return 0;
}
