/* Turning wasm names into C identifiers and C string literals. */
#ifndef W2CL_CNAME_H
#define W2CL_CNAME_H

#include <stdint.h>

#include "strbuf.h"

/* The reversible mangling of docs/generated-api.md: letters and digits stay,
   '_' becomes "__", any other byte "_XX"; an API word gets its first byte escaped. */
void cname_mangle(strbuf *sb, const char *name, uint32_t len);
/* The same for the start of an identifier: a leading digit is escaped too. */
void cname_mangle_start(strbuf *sb, const char *name, uint32_t len);

/* A readable identifier fragment for names from the name section: [A-Za-z0-9_]
   kept, the rest '_', at most 32 characters. Not reversible; used after an index. */
void cname_readable(strbuf *sb, const char *name);

/* A C string literal (with quotes) holding exactly the given bytes. */
void cname_literal(strbuf *sb, const char *s, uint32_t len);

#endif
