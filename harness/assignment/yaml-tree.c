/* yaml-tree: libyaml document helpers with file:line errors. See yaml-tree.h.
 *
 * Three passes over one in-memory copy of the file: a libyaml event scan
 * (syntax, aliases, nesting depth, one document), a libyaml document load
 * (every node keeps its line), then the caller's walk of that tree with the
 * getters below. */
#include "yaml-tree.h"

#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scalar.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Caps that keep a hostile or runaway file linear and small. */
#define MAX_DEPTH    32
#define MAX_KEYS     64

/* Write "file:line: message" (or "file: message" without a node) into err. */
__attribute__((format(printf, 3, 4))) int
yt_fail(struct yt_load *l, const yaml_node_t *n, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (l->err && l->errlen) {
		if (n)
			snprintf(l->err, l->errlen, "%s:%zu: %s", l->file, n->start_mark.line + 1, msg);
		else
			snprintf(l->err, l->errlen, "%s: %s", l->file, msg);
	}
	return -1;
}

/* Same, at a line known only as a number (syntax errors have no node). */
static int
yt_fail_line(struct yt_load *l, size_t line, const char *msg)
{
	if (l->err && l->errlen)
		snprintf(l->err, l->errlen, "%s:%zu: %s", l->file, line, msg);
	return -1;
}

/* Node by id; ids come from libyaml itself, so never out of range. */
yaml_node_t *
yt_nd(struct yt_load *l, int id)
{
	return yaml_document_get_node(&l->doc, id);
}

/* Scalar text; check_tree guarantees keys are scalars. */
const char *
yt_sval(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

/* YAML 1.1 null: an empty value counts as an absent one. */
bool
yt_is_null(const yaml_node_t *n)
{
	if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	const char *s = yt_sval(n);
	return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL");
}

/* For messages: what the instructor wrote instead of what was expected. */
const char *
yt_type_name(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_MAPPING_NODE:
		return "a mapping";
	case YAML_SEQUENCE_NODE:
		return "a list";
	default:
		return "a scalar";
	}
}

/* Number of entries of a sequence node. */
size_t
yt_seq_len(const yaml_node_t *n)
{
	return (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
}

/* Entry i of a sequence node. */
yaml_node_t *
yt_seq_at(struct yt_load *l, const yaml_node_t *n, size_t i)
{
	return yt_nd(l, n->data.sequence.items.start[i]);
}

/* Value of key in a mapping, NULL when absent or empty. */
yaml_node_t *
yt_opt(struct yt_load *l, const yaml_node_t *map, const char *key)
{
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yt_nd(l, p->key);
		if (k && k->type == YAML_SCALAR_NODE && !strcmp(yt_sval(k), key)) {
			yaml_node_t *v = yt_nd(l, p->value);
			return v && !yt_is_null(v) ? v : NULL;
		}
	}
	return NULL;
}

/* A key that must be there: distinguishes "missing" from "empty" for the message. */
yaml_node_t *
yt_req(struct yt_load *l, const yaml_node_t *map, const char *key, const char *where)
{
	yaml_node_t *v = yt_opt(l, map, key);
	if (v)
		return v;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yt_nd(l, p->key);
		if (!strcmp(yt_sval(k), key)) {
			yt_fail(l, k, "'%s' in %s must not be empty", key, where);
			return NULL;
		}
	}
	yt_fail(l, map, "missing required key '%s' in %s", key, where);
	return NULL;
}

/* Every key of map must be in allowed (NULL-terminated). */
int
yt_check_keys(struct yt_load *l, const yaml_node_t *map, const char *const *allowed, const char *where)
{
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yt_nd(l, p->key);
		size_t i;
		for (i = 0; allowed[i]; i++)
			if (!strcmp(yt_sval(k), allowed[i]))
				break;
		if (allowed[i])
			continue;
		char list[256] = "";
		for (i = 0; allowed[i]; i++) {
			size_t n = strlen(list);
			snprintf(list + n, sizeof list - n, "%s%s", i ? ", " : "", allowed[i]);
		}
		return yt_fail(l, k, "unknown key '%s' in %s (allowed: %s)", yt_sval(k), where, list);
	}
	return 0;
}

/* Value must be a scalar; strings with NUL bytes (from "\0") are refused. */
int
yt_want_scalar(struct yt_load *l, const yaml_node_t *v, const char *key, const char *where)
{
	if (v->type != YAML_SCALAR_NODE)
		return yt_fail(l, v, "'%s' in %s must be a scalar, not %s", key, where, yt_type_name(v));
	if (strlen(yt_sval(v)) != v->data.scalar.length)
		return yt_fail(l, v, "'%s' in %s contains a NUL byte", key, where);
	return 0;
}

/* Copy a scalar into *out (replacing a default). */
int
yt_take_str(struct yt_load *l, const yaml_node_t *v, const char *key, const char *where, char **out)
{
	if (yt_want_scalar(l, v, key, where) < 0)
		return -1;
	char *s = strdup(yt_sval(v));
	if (!s)
		return yt_fail(l, v, "out of memory");
	free(*out);
	*out = s;
	return 0;
}

/* Optional string key; *out is left alone when absent. */
int
yt_get_str(struct yt_load *l, const yaml_node_t *map, const char *key, const char *where, char **out)
{
	yaml_node_t *v = yt_opt(l, map, key);
	return v ? yt_take_str(l, v, key, where, out) : 0;
}

/* Required, non-empty string key. */
int
yt_need_str(struct yt_load *l, const yaml_node_t *map, const char *key, const char *where, char **out)
{
	yaml_node_t *v = yt_req(l, map, key, where);
	return v ? yt_take_str(l, v, key, where, out) : -1;
}

/* Optional integer key within [min, max]; *out left alone when absent. */
int
yt_get_int(struct yt_load *l, const yaml_node_t *map, const char *key, const char *where, long long min, long long max,
	   long long *out)
{
	yaml_node_t *v = yt_opt(l, map, key);
	if (!v)
		return 0;
	long long x;
	if (yt_want_scalar(l, v, key, where) < 0)
		return -1;
	if (!scalar_int(yt_sval(v), &x) || x < min || x > max)
		return yt_fail(l, v, "'%s' in %s must be an integer from %lld to %lld, not '%s'", key, where, min, max,
			       yt_sval(v));
	*out = x;
	return 0;
}

/* Optional number key within [min, max] (or (min, max]); *out left alone when absent. */
int
yt_get_num(struct yt_load *l, const yaml_node_t *map, const char *key, const char *where, double min, double max,
	   bool min_open, double *out)
{
	yaml_node_t *v = yt_opt(l, map, key);
	if (!v)
		return 0;
	double x;
	if (yt_want_scalar(l, v, key, where) < 0)
		return -1;
	if (!scalar_double(yt_sval(v), &x) || x < min || x > max || (min_open && x == min))
		return yt_fail(l, v, "'%s' in %s must be a number %s %g and <= %g, not '%s'", key, where,
			       min_open ? ">" : ">=", min, max, yt_sval(v));
	*out = x;
	return 0;
}

/* YAML 1.1 booleans, and nothing else ("maybe" is an error, not true). */
int
yt_get_bool(struct yt_load *l, const yaml_node_t *map, const char *key, const char *where, bool *out, bool *present)
{
	static const char *const yes[] = { "true", "yes", "on", "y" };
	static const char *const no[] = { "false", "no", "off", "n" };
	yaml_node_t *v = yt_opt(l, map, key);
	if (!v)
		return 0;
	if (yt_want_scalar(l, v, key, where) < 0)
		return -1;
	for (size_t i = 0; i < ARRAY_LEN(yes); i++) {
		if (!strcasecmp(yt_sval(v), yes[i]) || !strcasecmp(yt_sval(v), no[i])) {
			*out = !strcasecmp(yt_sval(v), yes[i]);
			if (present)
				*present = true;
			return 0;
		}
	}
	return yt_fail(l, v, "'%s' in %s must be true or false, not '%s'", key, where, yt_sval(v));
}

/* A value that must be a list (max entries); NULL in *out when absent. */
int
yt_get_seq(struct yt_load *l, const yaml_node_t *map, const char *key, const char *where, size_t max, yaml_node_t **out)
{
	yaml_node_t *v = yt_opt(l, map, key);
	*out = NULL;
	if (!v)
		return 0;
	if (v->type != YAML_SEQUENCE_NODE)
		return yt_fail(l, v, "'%s' in %s must be a list, not %s", key, where, yt_type_name(v));
	if (yt_seq_len(v) > max)
		return yt_fail(l, v, "'%s' in %s has %zu entries (at most %zu)", key, where, yt_seq_len(v), max);
	*out = v;
	return 0;
}

/* A value that must be a mapping; NULL in *out when absent. */
int
yt_get_map(struct yt_load *l, const yaml_node_t *map, const char *key, const char *where, yaml_node_t **out)
{
	yaml_node_t *v = yt_opt(l, map, key);
	*out = NULL;
	if (v && v->type != YAML_MAPPING_NODE)
		return yt_fail(l, v, "'%s' in %s must be a mapping, not %s", key, where, yt_type_name(v));
	*out = v;
	return 0;
}

/* A list of scalars copied into a fresh char * array. */
int
yt_get_strlist(struct yt_load *l, const yaml_node_t *map, const char *key, const char *where, char ***out, size_t *n)
{
	yaml_node_t *seq;
	if (yt_get_seq(l, map, key, where, YT_MAX_LIST, &seq) < 0)
		return -1;
	if (!seq)
		return 0;
	size_t len = yt_seq_len(seq);
	*out = calloc(len + 1, sizeof **out); /* NULL-terminated: step env goes to execve as is */
	if (!*out)
		return yt_fail(l, seq, "out of memory");
	for (size_t i = 0; i < len; i++) {
		yaml_node_t *v = yt_seq_at(l, seq, i);
		if (yt_take_str(l, v, key, where, &(*out)[i]) < 0)
			return -1;
		*n = i + 1;
	}
	return 0;
}

/* libyaml's parse error, with a line even for reader (encoding) errors. */
static int
yt_syntax_error(struct yt_load *l, const yaml_parser_t *p, const unsigned char *buf, size_t len)
{
	char msg[512];
	size_t line;
	if (p->error == YAML_READER_ERROR) {
		line = 1;
		for (size_t i = 0; i < p->problem_offset && i < len; i++)
			line += buf[i] == '\n';
		snprintf(msg, sizeof msg, "not a text file: %s", p->problem ? p->problem : "unreadable");
	} else if (p->error == YAML_MEMORY_ERROR) {
		return yt_fail(l, NULL, "out of memory while parsing");
	} else {
		line = p->problem_mark.line + 1;
		if (p->context)
			snprintf(msg, sizeof msg, "YAML syntax error: %s (%s started at line %zu)",
				 p->problem ? p->problem : "?", p->context, p->context_mark.line + 1);
		else
			snprintf(msg, sizeof msg, "YAML syntax error: %s", p->problem ? p->problem : "?");
	}
	return yt_fail_line(l, line, msg);
}

/* Event scan: syntax, no aliases (the tree walk must stay linear), bounded
 * nesting (the walk recurses), exactly one document. */
static int
yt_prescan(struct yt_load *l, const unsigned char *buf, size_t len)
{
	yaml_parser_t p;
	yaml_event_t ev;
	int depth = 0, docs = 0, rc = 0;
	if (!yaml_parser_initialize(&p))
		return yt_fail(l, NULL, "out of memory");
	yaml_parser_set_input_string(&p, buf, len);
	for (;;) {
		if (!yaml_parser_parse(&p, &ev)) {
			rc = yt_syntax_error(l, &p, buf, len);
			break;
		}
		yaml_event_type_t t = ev.type;
		size_t line = ev.start_mark.line + 1;
		if (t == YAML_ALIAS_EVENT) {
			rc = yt_fail_line(l, line, "aliases (*name) are not supported: write the value out");
		} else if (t == YAML_SEQUENCE_START_EVENT || t == YAML_MAPPING_START_EVENT) {
			if (++depth > MAX_DEPTH)
				rc = yt_fail_line(l, line, "nested too deeply");
		} else if (t == YAML_SEQUENCE_END_EVENT || t == YAML_MAPPING_END_EVENT) {
			depth--;
		} else if (t == YAML_DOCUMENT_START_EVENT && ++docs > 1) {
			rc = yt_fail_line(l, line, "more than one YAML document (---): one per file");
		}
		yaml_event_delete(&ev);
		if (rc || t == YAML_STREAM_END_EVENT)
			break;
	}
	yaml_parser_delete(&p);
	return rc;
}

/* Whole tree: keys are scalars, unique, and mappings are small. */
static int
yt_check_tree(struct yt_load *l, yaml_node_t *n)
{
	if (n->type == YAML_SEQUENCE_NODE) {
		for (size_t i = 0; i < yt_seq_len(n); i++)
			if (yt_check_tree(l, yt_seq_at(l, n, i)) < 0)
				return -1;
	} else if (n->type == YAML_MAPPING_NODE) {
		yaml_node_pair_t *b = n->data.mapping.pairs.start, *e = n->data.mapping.pairs.top;
		if (e - b > MAX_KEYS)
			return yt_fail(l, n, "mapping with %td keys (at most %d)", e - b, MAX_KEYS);
		for (yaml_node_pair_t *p = b; p < e; p++) {
			yaml_node_t *k = yt_nd(l, p->key);
			if (k->type != YAML_SCALAR_NODE)
				return yt_fail(l, k, "a key must be a plain name, not %s", yt_type_name(k));
			for (yaml_node_pair_t *q = b; q < p; q++)
				if (!strcmp(yt_sval(yt_nd(l, q->key)), yt_sval(k)))
					return yt_fail(l, k, "duplicate key '%s' (first at line %zu)", yt_sval(k),
						       yt_nd(l, q->key)->start_mark.line + 1);
			if (yt_check_tree(l, yt_nd(l, p->value)) < 0)
				return -1;
		}
	}
	return 0;
}

/* Read path whole (regular file, bounded size) and load it into l->doc. */
int
yt_load_doc(struct yt_load *l, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return yt_fail(l, NULL, "cannot open: %s", strerror(errno));
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return yt_fail(l, NULL, "not a regular file");
	}
	if (st.st_size > YT_MAX_BYTES) {
		close(fd);
		return yt_fail(l, NULL, "file too large (%lld bytes; at most %d)", (long long)st.st_size, YT_MAX_BYTES);
	}
	size_t cap = (size_t)st.st_size + 1, len = 0;
	unsigned char *buf = malloc(cap);
	if (!buf) {
		close(fd);
		return yt_fail(l, NULL, "out of memory");
	}
	for (;;) { /* the file may change under us: never read past cap */
		ssize_t r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			close(fd);
			free(buf);
			return yt_fail(l, NULL, "cannot read: %s", strerror(e));
		}
		if (r == 0)
			break;
		len += (size_t)r;
		if (len == cap) {
			close(fd);
			free(buf);
			return yt_fail(l, NULL, "file grew while being read");
		}
	}
	close(fd);

	int rc = yt_prescan(l, buf, len);
	if (rc == 0) {
		yaml_parser_t p;
		if (!yaml_parser_initialize(&p)) {
			free(buf);
			return yt_fail(l, NULL, "out of memory");
		}
		yaml_parser_set_input_string(&p, buf, len);
		if (!yaml_parser_load(&p, &l->doc))
			rc = yt_syntax_error(l, &p, buf, len);
		yaml_parser_delete(&p);
	}
	free(buf);
	if (rc < 0)
		return -1;
	yaml_node_t *root = yaml_document_get_root_node(&l->doc);
	if (!root) {
		yaml_document_delete(&l->doc);
		return yt_fail(l, NULL, "empty file: expected a mapping with name:, programs: and tests:");
	}
	if (root->type != YAML_MAPPING_NODE || yt_check_tree(l, root) < 0) {
		if (root->type != YAML_MAPPING_NODE)
			yt_fail(l, root, "the document must be a mapping (key: value lines), not %s",
				yt_type_name(root));
		yaml_document_delete(&l->doc);
		return -1;
	}
	return 0;
}

/* Index of s in names, or -1; the list is written into list for messages. */
int
yt_lookup(const char *s, const char *const *names, size_t n, char *list, size_t listlen)
{
	if (list && listlen)
		list[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(s, names[i]))
			return (int)i;
		if (list) {
			size_t k = strlen(list);
			snprintf(list + k, listlen - k, "%s%s", i ? ", " : "", names[i]);
		}
	}
	return -1;
}

/* Enum-valued key: *out left alone when absent. */
int
yt_get_enum(struct yt_load *l, const yaml_node_t *map, const char *key, const char *where, const char *const *names,
	    size_t n, int *out)
{
	yaml_node_t *v = yt_opt(l, map, key);
	if (!v)
		return 0;
	if (yt_want_scalar(l, v, key, where) < 0)
		return -1;
	char list[256];
	int i = yt_lookup(yt_sval(v), names, n, list, sizeof list);
	if (i < 0)
		return yt_fail(l, v, "'%s' in %s must be one of %s, not '%s'", key, where, list, yt_sval(v));
	*out = i;
	return 0;
}

/* Compile to validate only; the engine compiles again where it runs. */
int
yt_check_regex(struct yt_load *l, const yaml_node_t *at, const char *what, const char *re)
{
	regex_t rx;
	int rc = regcomp(&rx, re, REG_EXTENDED | REG_NOSUB);
	if (rc == 0) {
		regfree(&rx);
		return 0;
	}
	char msg[128];
	regerror(rc, &rx, msg, sizeof msg);
	regfree(&rx);
	return yt_fail(l, at, "%s: bad regex '%s': %s", what, re, msg);
}
