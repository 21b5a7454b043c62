/* The C emitter: a validated module in, a .h and a .c as text out. */
#ifndef W2CL_EMIT_H
#define W2CL_EMIT_H

#include "arena.h"
#include "module.h"
#include "strbuf.h"
#include "validate.h"

/* `header_name` is what the .c file #includes ("foo.h"); `uses` comes from
   validate_module. c_out may have a sink: the C is written as it is made. */
void emit_module(const module *m, const code_uses *uses, const char *prefix, const char *header_name,
                 strbuf *h_out, strbuf *c_out, arena *a, diag *d);

#endif
