// Attempts to leave the preopened directory: "..", absolute paths, symlinks as the last component
// (symlinks in the middle of a path: sandbox_symlinks_out.c).
// The harness creates ROOT/outside/secret.txt next to the sandbox, plus, inside it,
// link_out -> ../outside, abs_link -> ROOT/outside (absolute), file_link -> ../outside/secret.txt,
// and checks afterwards that ROOT/outside is untouched. Exit code = number of escapes.
// SETUP: outside
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

static int escapes;

static void report(const char *what, int ok) {
    printf("%-40s %s\n", what, ok ? "ESCAPED" : "refused");
    escapes += ok;
}

static int try_open(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd >= 0) {
        char buf[64] = {0};
        read(fd, buf, sizeof buf - 1);
        close(fd);
        return 1;
    }
    return 0;
}

static int raw_open(const char *path, __wasi_lookupflags_t follow) {
    __wasi_fd_t fd;
    __wasi_errno_t e = __wasi_path_open(3, follow, path, 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd);
    if (e == 0)
        __wasi_fd_close(fd);
    return e == 0;
}

int main(void) {
    struct stat st;
    /* sanity: the inside works */
    int fd = open("/sandbox/inside.txt", O_CREAT | O_WRONLY, 0644);
    printf("inside file created: %s\n", fd >= 0 ? "yes" : "no");
    close(fd);
    mkdir("/sandbox/sub", 0755);
    printf("raw open of \".\" and \"sub/..\": %d %d\n", raw_open(".", 0), raw_open("sub/..", 0));
    printf("link_out is a symlink: %s\n", lstat("/sandbox/link_out", &st) == 0 && S_ISLNK(st.st_mode) ? "yes" : "no");

    report("open ../outside/secret.txt", try_open("/sandbox/../outside/secret.txt"));
    report("open sub/../../outside/secret.txt", try_open("/sandbox/sub/../../outside/secret.txt"));
    report("open /etc/passwd", try_open("/etc/passwd"));
    report("raw path_open /etc/passwd", raw_open("/etc/passwd", 0));
    report("raw path_open ../outside/secret.txt", raw_open("../outside/secret.txt", 0));
    report("raw path_open sub/../../outside", raw_open("sub/../../outside/secret.txt", __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW));
    report("raw path_open ..", raw_open("..", 0));
    report("open file_link", try_open("/sandbox/file_link"));
    report("raw path_open file_link (follow)", raw_open("file_link", __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW));
    report("stat file_link", stat("/sandbox/file_link", &st) == 0);
    report("opendir link_out", opendir("/sandbox/link_out") != NULL);
    report("opendir ..", opendir("/sandbox/..") != NULL);
    report("mkdir ../evil", mkdir("/sandbox/../evil", 0755) == 0);
    report("rename inside.txt -> ../outside/moved", rename("/sandbox/inside.txt", "/sandbox/../outside/moved") == 0);
    report("unlink ../outside/secret.txt", unlink("/sandbox/../outside/secret.txt") == 0);
    report("link ../outside/secret.txt here", link("/sandbox/../outside/secret.txt", "/sandbox/hard") == 0);

    /* a symlink the module makes itself: whether creating it is allowed or not, following it must fail */
    symlink("/etc", "/sandbox/my_etc");
    symlink("../outside", "/sandbox/my_out");
    report("open my_etc/passwd", try_open("/sandbox/my_etc/passwd"));
    report("open my_out/secret.txt", try_open("/sandbox/my_out/secret.txt"));

    /* removing a symlink that points outside removes only the link */
    printf("unlink link_out (the link itself): %d\n", unlink("/sandbox/link_out"));
    printf("escapes: %d\n", escapes);
    return escapes;
}
