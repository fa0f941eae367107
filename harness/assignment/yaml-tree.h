/* yaml-tree: reading a libyaml document tree with errors that name file:line.
 *
 * The helpers the spec's schema (spec.c) is written in: load a file into a
 * tree (syntax, no aliases, bounded nesting, one document, unique scalar keys),
 * then take scalars, integers, numbers, booleans, enums, lists and mappings
 * out of it. Every failure writes "file:line: message" into the load's err
 * and returns -1 (or NULL). Knows nothing of assignments. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#define YT_MAX_BYTES (1024 * 1024) /* a bigger file is refused, not parsed */
#define YT_MAX_LIST  256           /* entries of a list of strings */

/* One load in progress: the tree and where errors go. */
struct yt_load {
	yaml_document_t doc;
	const char *file;
	char *err;
	size_t errlen;
};

/* Write "file:line: message" (or "file: message" without a node) into err. */
__attribute__((format(printf, 3, 4))) int yt_fail(struct yt_load *l, const yaml_node_t *n, const char *fmt, ...);
/* Node by id; ids come from libyaml itself, so never out of range. */
yaml_node_t *yt_nd(struct yt_load *l, int id);
/* Scalar text; check_tree guarantees keys are scalars. */
const char *yt_sval(const yaml_node_t *n);
/* YAML 1.1 null: an empty value counts as an absent one. */
bool yt_is_null(const yaml_node_t *n);
/* For messages: what the instructor wrote instead of what was expected. */
const char *yt_type_name(const yaml_node_t *n);
/* Number of entries of a sequence node. */
size_t yt_seq_len(const yaml_node_t *n);
/* Entry i of a sequence node. */
yaml_node_t *yt_seq_at(struct yt_load *l, const yaml_node_t *n, size_t i);
/* Value of key in a mapping, NULL when absent or empty. */
yaml_node_t *yt_opt(struct yt_load *l, const yaml_node_t *map, const char *key);
/* A key that must be there: distinguishes "missing" from "empty" for the message. */
yaml_node_t *yt_req(struct yt_load *l, const yaml_node_t *map, const char *key, const char *where);
/* Every key of map must be in allowed (NULL-terminated). */
int yt_check_keys(struct yt_load *l, const yaml_node_t *map, const char *const *allowed, const char *where);
/* Value must be a scalar; strings with NUL bytes (from "\0") are refused. */
int yt_want_scalar(struct yt_load *l, const yaml_node_t *v, const char *key, const char *where);
/* Copy a scalar into *out (replacing a default). */
int yt_take_str(struct yt_load *l, const yaml_node_t *v, const char *key, const char *where, char **out);
/* Optional string key; *out is left alone when absent. */
int yt_get_str(struct yt_load *l, const yaml_node_t *map, const char *key, const char *where, char **out);
/* Required, non-empty string key. */
int yt_need_str(struct yt_load *l, const yaml_node_t *map, const char *key, const char *where, char **out);
/* Optional integer key within [min, max]; *out left alone when absent. */
int yt_get_int(struct yt_load *l, const yaml_node_t *map, const char *key, const char *where, long long min,
	       long long max, long long *out);
/* Optional number key within [min, max] (or (min, max]); *out left alone when absent. */
int yt_get_num(struct yt_load *l, const yaml_node_t *map, const char *key, const char *where, double min, double max,
	       bool min_open, double *out);
/* YAML 1.1 booleans, and nothing else ("maybe" is an error, not true). */
int yt_get_bool(struct yt_load *l, const yaml_node_t *map, const char *key, const char *where, bool *out,
		bool *present);
/* A value that must be a list (max entries); NULL in *out when absent. */
int yt_get_seq(struct yt_load *l, const yaml_node_t *map, const char *key, const char *where, size_t max,
	       yaml_node_t **out);
/* A value that must be a mapping; NULL in *out when absent. */
int yt_get_map(struct yt_load *l, const yaml_node_t *map, const char *key, const char *where, yaml_node_t **out);
/* A list of scalars copied into a fresh char * array. */
int yt_get_strlist(struct yt_load *l, const yaml_node_t *map, const char *key, const char *where, char ***out,
		   size_t *n);
/* Read path whole (regular file, bounded size) and load it into l->doc. */
int yt_load_doc(struct yt_load *l, const char *path);
/* Index of s in names, or -1; the list is written into list for messages. */
int yt_lookup(const char *s, const char *const *names, size_t n, char *list, size_t listlen);
/* Enum-valued key: *out left alone when absent. */
int yt_get_enum(struct yt_load *l, const yaml_node_t *map, const char *key, const char *where, const char *const *names,
		size_t n, int *out);
/* Compile to validate only; the engine compiles again where it runs. */
int yt_check_regex(struct yt_load *l, const yaml_node_t *at, const char *what, const char *re);
