#include "diag.h"

#include <stdarg.h>
#include <stdio.h>

void diag_fail(diag *d, diag_class cls, size_t offset, const char *fmt, ...) {
    int n = snprintf(d->message, sizeof d->message, "%s:0x%zx: ", d->file, offset);
    if (n < 0 || (size_t)n >= sizeof d->message)
        n = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->message + n, sizeof d->message - (size_t)n, fmt, ap);
    va_end(ap);
    d->cls = cls;
    longjmp(d->escape, 1);
}
