#include "cname.h"

#include <string.h>

static int is_alnum(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Words of the generated API that an export must not shadow. */
static int is_api_word(const char *name, uint32_t len) {
    static const char *const words[] = {"instance", "imports", "instantiate", "free", "exports"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == len && memcmp(words[i], name, len) == 0)
            return 1;
    return 0;
}

static void mangle(strbuf *sb, const char *name, uint32_t len, int escape_first) {
    for (uint32_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c == '_')
            sb_puts(sb, "__");
        else if (is_alnum(c) && !(i == 0 && escape_first))
            sb_putn(sb, (const char *)&c, 1);
        else
            sb_printf(sb, "_%02X", c);
    }
}

void cname_mangle(strbuf *sb, const char *name, uint32_t len) {
    mangle(sb, name, len, is_api_word(name, len));
}

void cname_mangle_start(strbuf *sb, const char *name, uint32_t len) {
    mangle(sb, name, len, is_api_word(name, len) || (len > 0 && name[0] >= '0' && name[0] <= '9'));
}

void cname_readable(strbuf *sb, const char *name) {
    for (size_t i = 0; name[i] && i < 32; i++) {
        unsigned char c = (unsigned char)name[i];
        sb_putn(sb, is_alnum(c) ? (const char *)&c : "_", 1);
    }
}

void cname_literal(strbuf *sb, const char *s, uint32_t len) {
    sb_puts(sb, "\"");
    for (uint32_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        /* Octal escapes are always three digits, so a following digit is safe. */
        if (c == '"' || c == '\\' || c == '?' || c < 0x20 || c >= 0x7f)
            sb_printf(sb, "\\%03o", c);
        else
            sb_putn(sb, (const char *)&c, 1);
    }
    sb_puts(sb, "\"");
}
