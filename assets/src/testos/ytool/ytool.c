/*
 * ytool: the test OS installer's window onto YAML.
 *
 * busybox has no YAML parser, and the installer's logic is shell. ytool loads one YAML document
 * with libyaml (statically linked, so it runs in the initramfs and on the build host alike) and
 * answers one question per call, in a form a shell can consume:
 *
 *   ytool check FILE              parse only; on error print "FILE: line L, column C: problem"
 *   ytool type  FILE PATH         map | seq | str | null | missing
 *   ytool get   FILE PATH         the scalar at PATH, raw, no newline added
 *   ytool bool  FILE PATH         true | false (YAML 1.1 booleans, as cloud-init reads them)
 *   ytool keys  FILE PATH         the keys of the mapping at PATH, one per line
 *   ytool len   FILE PATH         the number of items of the sequence at PATH
 *   ytool json  FILE PATH         the subtree at PATH as JSON (JSON is YAML: cloud-init reads it)
 *   ytool flat  FILE PREFIX       the whole document as shell assignments, for a shell that asks
 *                                 many questions of one file (autoinstall.sh's yt): see flat() below
 *   ytool now                     the time as seconds since the epoch, with milliseconds
 *   ytool event NAME TYPE DESC [RESULT]
 *                                 a curtin reporting event as one line of JSON
 *
 * PATH is dot-separated; a number selects a sequence item: "autoinstall.late-commands.0".
 * "." (or "") is the document root. FILE "-" is standard input.
 *
 * Exit status: 0 ok, 1 PATH missing, 2 wrong type at PATH, 3 unreadable or invalid YAML,
 * 4 too big for flat, 64 usage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <yaml.h>

enum { OK = 0, MISSING = 1, WRONG_TYPE = 2, BAD_YAML = 3, TOO_BIG = 4, USAGE = 64 };

static int usage(void) {
    fputs("usage: ytool check|type|get|bool|keys|len|json FILE [PATH]\n"
          "       ytool flat FILE PREFIX\n"
          "       ytool now\n"
          "       ytool event NAME start|finish DESCRIPTION [SUCCESS|WARN|FAIL]\n", stderr);
    return USAGE;
}

static int load(const char *file, yaml_parser_t *parser, yaml_document_t *doc) {
    FILE *in = strcmp(file, "-") == 0 ? stdin : fopen(file, "rb");
    if (!in) {
        fprintf(stderr, "%s: %s\n", file, strerror(errno));
        return BAD_YAML;
    }
    yaml_parser_initialize(parser);
    yaml_parser_set_input_file(parser, in);
    if (!yaml_parser_load(parser, doc)) {
        fprintf(stderr, "%s: line %lu, column %lu: %s", file,
                (unsigned long)parser->problem_mark.line + 1,
                (unsigned long)parser->problem_mark.column + 1,
                parser->problem ? parser->problem : "invalid YAML");
        if (parser->context)
            fprintf(stderr, " (%s, line %lu)", parser->context,
                    (unsigned long)parser->context_mark.line + 1);
        fputc('\n', stderr);
        return BAD_YAML;
    }
    return OK;
}

static int is_null_scalar(const yaml_node_t *n) {
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return 0;
    const char *v = (const char *)n->data.scalar.value;
    return n->data.scalar.length == 0 || !strcmp(v, "~") || !strcasecmp(v, "null");
}

/* YAML 1.1 booleans: PyYAML (and so cloud-init and subiquity) read these. -1: not a boolean. */
static int bool_value(const yaml_node_t *n) {
    static const char *yes[] = {"true", "yes", "on", "y", NULL};
    static const char *no[] = {"false", "no", "off", "n", NULL};
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return -1;
    const char *v = (const char *)n->data.scalar.value;
    for (int i = 0; yes[i]; i++) if (!strcasecmp(v, yes[i])) return 1;
    for (int i = 0; no[i]; i++) if (!strcasecmp(v, no[i])) return 0;
    return -1;
}

static yaml_node_t *child(yaml_document_t *doc, yaml_node_t *node, const char *key) {
    if (node->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top; p++) {
            yaml_node_t *k = yaml_document_get_node(doc, p->key);
            if (k && k->type == YAML_SCALAR_NODE && !strcmp((const char *)k->data.scalar.value, key))
                return yaml_document_get_node(doc, p->value);
        }
        return NULL;
    }
    if (node->type == YAML_SEQUENCE_NODE) {
        char *end;
        long i = strtol(key, &end, 10);
        long n = node->data.sequence.items.top - node->data.sequence.items.start;
        if (*key == '\0' || *end != '\0' || i < 0 || i >= n) return NULL;
        return yaml_document_get_node(doc, node->data.sequence.items.start[i]);
    }
    return NULL;
}

static yaml_node_t *lookup(yaml_document_t *doc, const char *path) {
    yaml_node_t *node = yaml_document_get_root_node(doc);
    if (!node) return NULL; /* empty document */
    char *copy = strdup(path), *save = NULL;
    for (char *part = strtok_r(copy, ".", &save); part && node; part = strtok_r(NULL, ".", &save))
        node = child(doc, node, part);
    free(copy);
    return node;
}

static void json_string(FILE *out, const unsigned char *s, size_t len) {
    fputc('"', out);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = s[i];
        switch (c) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (c < 0x20) fprintf(out, "\\u%04x", c);
            else fputc(c, out);
        }
    }
    fputc('"', out);
}

static int looks_numeric(const char *v) {
    char *end;
    if (!*v) return 0;
    errno = 0;
    strtod(v, &end);
    /* JSON numbers only: no hex, no leading '+', no "inf"/"nan", no leading zeros like 0755. */
    if (*end || errno) return 0;
    if (v[0] == '+' || strpbrk(v, "xXiInN")) return 0;
    const char *d = v[0] == '-' ? v + 1 : v;
    if (d[0] == '0' && d[1] && d[1] != '.') return 0;
    return 1;
}

static void json(FILE *out, yaml_document_t *doc, yaml_node_t *n, int depth) {
    if (depth > 64) { fputs("null", out); return; } /* alias loops */
    switch (n->type) {
    case YAML_SCALAR_NODE: {
        int b = bool_value(n);
        if (is_null_scalar(n)) fputs("null", out);
        else if (b >= 0) fputs(b ? "true" : "false", out);
        else if (n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && looks_numeric((const char *)n->data.scalar.value))
            fputs((const char *)n->data.scalar.value, out);
        else json_string(out, n->data.scalar.value, n->data.scalar.length);
        break;
    }
    case YAML_SEQUENCE_NODE:
        fputc('[', out);
        for (yaml_node_item_t *i = n->data.sequence.items.start; i < n->data.sequence.items.top; i++) {
            if (i != n->data.sequence.items.start) fputc(',', out);
            json(out, doc, yaml_document_get_node(doc, *i), depth + 1);
        }
        fputc(']', out);
        break;
    case YAML_MAPPING_NODE:
        fputc('{', out);
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
            yaml_node_t *k = yaml_document_get_node(doc, p->key);
            if (p != n->data.mapping.pairs.start) fputc(',', out);
            if (k->type == YAML_SCALAR_NODE) json_string(out, k->data.scalar.value, k->data.scalar.length);
            else json_string(out, (const unsigned char *)"?", 1);
            fputc(':', out);
            json(out, doc, yaml_document_get_node(doc, p->value), depth + 1);
        }
        fputc('}', out);
        break;
    default:
        fputs("null", out);
    }
}

/*
 * flat: every node that type/get/bool/keys/len can reach, as shell assignments that hold what each
 * of them would print (as $(...) captures it: trailing newlines dropped), so a shell asks ytool once
 * per file instead of once per question. For the node at PATH, with E = PATH with '_' written "_u",
 * '.' "_d" and '-' "_m" (the root is ".", so "_d"):
 *
 *   PREFIXt_E   its type, as `type` prints it            always
 *   PREFIXv_E   `get`: the scalar                        scalars, unless it holds a NUL byte
 *   PREFIXb_E   `bool`: true | false                     scalars that are YAML 1.1 booleans
 *   PREFIXk_E   `keys`: the keys, one a line             mappings, unless a key holds a NUL byte
 *   PREFIXl_E   `len`: the number of items               sequences
 *
 * A variable that is not set is a question flat leaves to the other commands (errors, NUL bytes).
 * Paths are those lookup() follows: keys made of A-Z a-z 0-9 _ - only (keys with a '.' cannot be
 * reached, others are left to the other commands), the first of equal keys, sequence items by
 * their index written plainly (0, 1, ...). Exit 4, printing nothing of use, when the document has
 * more than FLAT_NODES such nodes (aliases can multiply them) or is nested deeper than 64.
 */
enum { FLAT_NODES = 5000, FLAT_DEPTH = 64, FLAT_PATH = 4096 };

static int flat_key_ok(const char *k) {
    if (!*k) return 0;
    for (; *k; k++)
        if (!((*k >= 'A' && *k <= 'Z') || (*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') || *k == '_' || *k == '-'))
            return 0;
    return 1;
}

static void flat_quoted(const unsigned char *s, size_t len) {
    size_t n = len;
    while (n > 0 && s[n - 1] == '\n') n--;   /* as $(...) drops them */
    putchar('\'');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\'') fputs("'\\''", stdout);
        else putchar(s[i]);
    }
    puts("'");
}

static int flat(yaml_document_t *doc, yaml_node_t *n, const char *prefix, char *path, int depth, long *nodes) {
    if (depth > FLAT_DEPTH || ++*nodes > FLAT_NODES) return TOO_BIG;
    char var[2 * FLAT_PATH + 1], *v = var;
    for (const char *p = path; *p; p++) {
        if (*p == '_' || *p == '.' || *p == '-') { *v++ = '_'; *v++ = *p == '_' ? 'u' : *p == '.' ? 'd' : 'm'; }
        else *v++ = *p;
    }
    *v = '\0';
    const char *type = is_null_scalar(n) ? "null"
        : n->type == YAML_MAPPING_NODE ? "map" : n->type == YAML_SEQUENCE_NODE ? "seq" : "str";
    printf("%st_%s=%s\n", prefix, var, type);
    if (n->type == YAML_SCALAR_NODE) {
        if (strlen((const char *)n->data.scalar.value) == n->data.scalar.length) {
            printf("%sv_%s=", prefix, var);
            flat_quoted(n->data.scalar.value, n->data.scalar.length);
        }
        int b = bool_value(n);
        if (b >= 0) printf("%sb_%s=%s\n", prefix, var, b ? "true" : "false");
        return OK;
    }
    int root = !strcmp(path, ".");   /* the root's children are "key", not ".key" */
    size_t plen = root ? 0 : strlen(path);
    const char *sep = root ? "" : ".";
    if (n->type == YAML_SEQUENCE_NODE) {
        long count = n->data.sequence.items.top - n->data.sequence.items.start;
        printf("%sl_%s=%ld\n", prefix, var, count);
        for (long i = 0; i < count; i++) {
            if (plen + 24 >= FLAT_PATH) return TOO_BIG;
            sprintf(path + plen, "%s%ld", sep, i);
            int rc = flat(doc, yaml_document_get_node(doc, n->data.sequence.items.start[i]), prefix, path, depth + 1, nodes);
            strcpy(path + plen, root ? "." : "");
            if (rc) return rc;
        }
        return OK;
    }
    if (n->type != YAML_MAPPING_NODE) return OK;
    /* keys: as `keys` prints them, scalar keys in order, one a line */
    size_t klen = 0;
    int nul = 0;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        if (k->type != YAML_SCALAR_NODE) continue;
        size_t l = strlen((const char *)k->data.scalar.value);
        nul |= l != k->data.scalar.length;
        klen += l + 1;
    }
    if (!nul) {
        char *keys = malloc(klen + 1), *kp = keys;
        if (!keys) return TOO_BIG;
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
            yaml_node_t *k = yaml_document_get_node(doc, p->key);
            if (k->type != YAML_SCALAR_NODE) continue;
            size_t l = strlen((const char *)k->data.scalar.value);
            memcpy(kp, k->data.scalar.value, l);
            kp += l;
            *kp++ = '\n';
        }
        printf("%sk_%s=", prefix, var);
        flat_quoted((unsigned char *)keys, klen);
        free(keys);
    }
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        if (k->type != YAML_SCALAR_NODE) continue;
        const char *key = (const char *)k->data.scalar.value;
        if (!flat_key_ok(key) || child(doc, n, key) != yaml_document_get_node(doc, p->value)) continue;
        if (plen + strlen(sep) + strlen(key) >= FLAT_PATH) return TOO_BIG;
        sprintf(path + plen, "%s%s", sep, key);
        int rc = flat(doc, yaml_document_get_node(doc, p->value), prefix, path, depth + 1, nodes);
        strcpy(path + plen, root ? "." : "");
        if (rc) return rc;
    }
    return OK;
}

static int flat_prefix_ok(const char *p) {
    if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '_')) return 0;
    for (; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return 0;
    return 1;
}

static int now(void) {
    struct timeval tv;
    gettimeofday(&tv, NULL);
    printf("%ld.%03ld\n", (long)tv.tv_sec, (long)(tv.tv_usec / 1000));
    return OK;
}

static int event(int argc, char **argv) {
    if (argc < 5 || argc > 6) return usage();
    const char *type = argv[3];
    if (strcmp(type, "start") && strcmp(type, "finish")) return usage();
    struct timeval tv;
    gettimeofday(&tv, NULL);
    printf("{\"name\":");
    json_string(stdout, (const unsigned char *)argv[2], strlen(argv[2]));
    printf(",\"description\":");
    json_string(stdout, (const unsigned char *)argv[4], strlen(argv[4]));
    printf(",\"event_type\":\"%s\",\"origin\":\"curtin\",\"timestamp\":%ld.%03ld,\"level\":\"%s\"",
           type, (long)tv.tv_sec, (long)(tv.tv_usec / 1000),
           argc == 6 && !strcmp(argv[5], "FAIL") ? "ERROR" : "INFO");
    if (argc == 6) {
        if (strcmp(argv[5], "SUCCESS") && strcmp(argv[5], "WARN") && strcmp(argv[5], "FAIL")) return usage();
        if (strcmp(type, "finish")) return usage();
        printf(",\"result\":\"%s\"", argv[5]);
    }
    printf("}\n");
    return OK;
}

int main(int argc, char **argv) {
    if (argc < 2) return usage();
    const char *cmd = argv[1];
    if (!strcmp(cmd, "now")) return now();
    if (!strcmp(cmd, "event")) return event(argc, argv);
    if (argc < 3 || argc > 4) return usage();
    const char *path = argc == 4 ? argv[3] : ".";
    if (strcmp(cmd, "check") && argc != 4) return usage();

    yaml_parser_t parser;
    yaml_document_t doc;
    int rc = load(argv[2], &parser, &doc);
    if (rc) return rc;
    if (!strcmp(cmd, "check")) return OK;

    if (!strcmp(cmd, "flat")) {
        if (!flat_prefix_ok(path)) return usage();
        yaml_node_t *root = yaml_document_get_root_node(&doc);
        char buf[FLAT_PATH] = ".";
        long nodes = 0;
        return root ? flat(&doc, root, path, buf, 0, &nodes) : OK;
    }
    yaml_node_t *n = lookup(&doc, path);
    if (!strcmp(cmd, "type")) {
        puts(!n ? "missing" : is_null_scalar(n) ? "null"
             : n->type == YAML_MAPPING_NODE ? "map" : n->type == YAML_SEQUENCE_NODE ? "seq" : "str");
        return OK;
    }
    if (!n) return MISSING;
    if (!strcmp(cmd, "get")) {
        if (n->type != YAML_SCALAR_NODE) { fprintf(stderr, "%s: %s is not a scalar\n", argv[2], path); return WRONG_TYPE; }
        fwrite(n->data.scalar.value, 1, n->data.scalar.length, stdout);
        return OK;
    }
    if (!strcmp(cmd, "bool")) {
        int b = bool_value(n);
        if (b < 0) { fprintf(stderr, "%s: %s is not a boolean\n", argv[2], path); return WRONG_TYPE; }
        puts(b ? "true" : "false");
        return OK;
    }
    if (!strcmp(cmd, "keys")) {
        if (n->type != YAML_MAPPING_NODE) { fprintf(stderr, "%s: %s is not a mapping\n", argv[2], path); return WRONG_TYPE; }
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
            yaml_node_t *k = yaml_document_get_node(&doc, p->key);
            if (k->type == YAML_SCALAR_NODE) puts((const char *)k->data.scalar.value);
        }
        return OK;
    }
    if (!strcmp(cmd, "len")) {
        if (n->type != YAML_SEQUENCE_NODE) { fprintf(stderr, "%s: %s is not a sequence\n", argv[2], path); return WRONG_TYPE; }
        printf("%ld\n", (long)(n->data.sequence.items.top - n->data.sequence.items.start));
        return OK;
    }
    if (!strcmp(cmd, "json")) {
        json(stdout, &doc, n, 0);
        putchar('\n');
        return OK;
    }
    return usage();
}
