// Escapes through symlinks in the middle of a path (link_out/secret.txt), set up by the harness:
// link_out -> ../outside, abs_link -> ROOT/outside. wasm2c-lite must refuse them all.
// node's WASI does not (its documentation says node:wasi is not a secure sandbox), so the
// oracle here is the .expected file, not node.
// SETUP: outside
// ORACLE: expected
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static int escapes;

static void report(const char *what, int ok) {
    printf("%-40s %s\n", what, ok ? "ESCAPED" : "refused");
    escapes += ok;
}

int main(void) {
    struct stat st;
    int fd = open("/sandbox/inside.txt", O_CREAT | O_WRONLY, 0644);
    close(fd);
    mkdir("/sandbox/sub", 0755);
    symlink("../link_out", "/sandbox/sub/via");
    symlink("link_out", "/sandbox/chain");

    report("open link_out/secret.txt", open("/sandbox/link_out/secret.txt", O_RDONLY) >= 0);
    report("open abs_link/secret.txt", open("/sandbox/abs_link/secret.txt", O_RDONLY) >= 0);
    report("open sub/via/secret.txt", open("/sandbox/sub/via/secret.txt", O_RDONLY) >= 0);
    report("open chain/secret.txt", open("/sandbox/chain/secret.txt", O_RDONLY) >= 0);
    report("open sub/../link_out/secret.txt", open("/sandbox/sub/../link_out/secret.txt", O_RDONLY) >= 0);
    report("stat link_out/secret.txt", stat("/sandbox/link_out/secret.txt", &st) == 0);
    report("lstat abs_link/secret.txt", lstat("/sandbox/abs_link/secret.txt", &st) == 0);
    report("opendir link_out/.", opendir("/sandbox/link_out/.") != NULL);
    report("mkdir link_out/evil", mkdir("/sandbox/link_out/evil", 0755) == 0);
    report("create link_out/new.txt", open("/sandbox/link_out/new.txt", O_CREAT | O_WRONLY, 0644) >= 0);
    report("rename into link_out/", rename("/sandbox/inside.txt", "/sandbox/link_out/moved") == 0);
    report("unlink link_out/secret.txt", unlink("/sandbox/link_out/secret.txt") == 0);
    report("symlink inside link_out/", symlink("x", "/sandbox/link_out/sl") == 0);
    report("link into abs_link/", link("/sandbox/inside.txt", "/sandbox/abs_link/hard") == 0);
    report("truncate link_out/secret.txt", truncate("/sandbox/link_out/secret.txt", 0) == 0);
    printf("escapes: %d\n", escapes);
    return escapes;
}
