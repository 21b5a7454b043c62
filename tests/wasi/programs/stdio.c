// Standard streams: read stdin line by line, formatted output, stderr, raw write(2).
// STDIN: hello world\nsecond line\nlast line without newline
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    char line[256];
    int n = 0;
    while (fgets(line, sizeof line, stdin)) {
        n++;
        for (char *p = line; *p; p++)
            *p = (char)toupper((unsigned char)*p);
        printf("%d: %s%s", n, line, strchr(line, '\n') ? "" : "\n");
    }
    printf("eof=%d error=%d\n", feof(stdin) != 0, ferror(stdin) != 0);
    fprintf(stderr, "to stderr: %d lines\n", n);
    printf("%5.2f|%-4d|%x|%s|%c|%lld\n", 3.14159, 42, 255, "str", 'z', -1234567890123LL);
    fflush(stdout);
    if (write(1, "raw write\n", 10) != 10)
        return 1;
    for (int i = 0; i < 2000; i++) /* more than one stdio buffer */
        printf("%04d%c", i, i % 20 == 19 ? '\n' : ' ');
    puts("done");
    return 0;
}
