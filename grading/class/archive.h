/* archive: submissions as LMS "download all" exports give them (folders,
 * .zip, .tar.gz), unpacked safely, and a content hash for change detection. */
#pragma once
#include <stddef.h>
#include <stdint.h>

enum archive_kind {
	ARCHIVE_NONE,
	ARCHIVE_ZIP,
	ARCHIVE_TARGZ
};

/* The kind of file name: .zip, .tar.gz/.tgz, or none. */
enum archive_kind archive_kind_of(const char *name);
/* The student id: the name without .zip/.tar.gz/.tgz, written into id. */
void archive_student_id(const char *name, char *id, size_t len);
/* Unpack archive into the existing empty folder dest with unzip or tar;
 * refuses absolute or `..` entries and more than 64 MiB of contents in all
 * (decompressed and counted before extracting) and, after extraction,
 * symlinks leading out of dest and anything not a file, folder or symlink.
 * 0, or -1 with the reason in err (dest then emptied again). */
int archive_extract(const char *archive, enum archive_kind kind, const char *dest, char *err, size_t errlen);
/* Check a submission folder: no symlink leads outside it, no devices or
 * fifos. 0, or -1 with the reason in err. */
int archive_check_tree(const char *dir, char *err, size_t errlen);
/* The folder to grade inside dir: dir itself, or its one subfolder when the
 * export wrapped the files in one (ignoring __MACOSX). Written into out. */
void archive_submission_root(const char *dir, char *out, size_t len);

/* 64-bit FNV-1a, chainable: start with FNV_OFFSET. */
#define FNV_OFFSET 0xcbf29ce484222325ULL
uint64_t fnv1a(uint64_t h, const void *data, size_t n);
/* Hash of a file's bytes, or of a folder's sorted relative names, kinds and
 * contents (symlinks by target); chained onto *h. 0, or -1 (unreadable). */
int content_hash(const char *path, uint64_t *h);
/* Remove a folder tree (no symlink is followed). */
int remove_tree(const char *path);
