// Environment: exactly the variables given, nothing inherited from the host.
// ENV: FOO=bar
// ENV: EMPTY=
// ENV: WITH_EQ=a=b=c
// ENV: ZZZ=last
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
    const char *names[] = {"FOO", "EMPTY", "WITH_EQ", "ZZZ", "HOME", "PATH"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        const char *v = getenv(names[i]);
        printf("%s=%s\n", names[i], v ? v : "(unset)");
    }
    int n = 0;
    while (environ[n])
        n++;
    char **copy = malloc(sizeof *copy * (size_t)(n + 1));
    for (int i = 0; i < n; i++)
        copy[i] = environ[i];
    qsort(copy, (size_t)n, sizeof *copy, cmp);
    printf("%d variables\n", n);
    for (int i = 0; i < n; i++)
        printf("  %s\n", copy[i]);
    setenv("NEW", "value", 1);
    printf("after setenv: %s\n", getenv("NEW"));
    unsetenv("FOO");
    printf("after unsetenv: %s\n", getenv("FOO") ? getenv("FOO") : "(unset)");
    free(copy);
    return 0;
}
