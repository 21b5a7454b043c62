/*
 * The files of a translation. Each is written as "PATH.tmp" while the
 * translation runs and renamed to PATH only when all of them are complete,
 * so a failed run leaves no file half-written (and replaces none).
 */
#ifndef W2CL_OUTFILE_H
#define W2CL_OUTFILE_H

#include <stdio.h>

typedef struct {
    char *path, *tmp; /* malloc'd */
    FILE *f;          /* the temporary, while open */
} out_file;

/* Creates PATH.tmp: 0, or -1 with errno set. */
int out_open(out_file *o, const char *path);
/* Closes and renames the n files into place: 0, or -1 with errno set and
   *failed naming the file that could not be written; then none of them is
   left behind (those already renamed are removed). */
int out_commit(out_file *files, size_t n, const char **failed);
/* Closes and removes the temporaries of the n files. */
void out_discard(out_file *files, size_t n);
/* Frees the names of the n files. */
void out_free(out_file *files, size_t n);

#endif
