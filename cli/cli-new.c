/* cli-new: `ipcgrade new NAME [DIR]` - the folder of a new assignment that
 * `ipcgrade validate DIR` accepts as it is: assignment.yaml (one program, one
 * test), README.md for the students, the starter PROG.c, and the reference
 * source reference/PROG.c. The reference is built by `validate` (beside its
 * source), and `grade` finds it there (DIR/reference/ is the default
 * reference folder of an assignment that has one): nothing in ipcgrade's own
 * tree (reference/local.mk) needs touching. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static const char new_usage[] =
	"usage: ipcgrade new NAME [DIR]\n"
	"  scaffolds an assignment in DIR (default ./NAME): assignment.yaml, README.md,\n"
	"  the starter NAME.c and the reference reference/NAME.c; then run\n"
	"  'ipcgrade validate DIR'. NAME: letters, digits, '-' and '_', starting with a letter.\n";

/* @NAME@: the assignment; @PROG@: the program (NAME with '_' for '-'). */
static const char spec_text[] =
	"# The public tests of @NAME@ (format: docs/spec.md of ipcgrade).\n"
	"# Students see this file; instructor-only tests go in hidden.yaml beside it\n"
	"# (same format, only `tests:`), which grade, batch and validate pick up.\n"
	"# Check the tests against the reference before publishing:\n"
	"#   ipcgrade validate .        (builds reference/@PROG@, grades it in every mode)\n"
	"name: @NAME@\n"
	"title: \"@NAME@: create, use and remove a POSIX shared memory object\"\n"
	"programs:\n"
	"  - name: @PROG@\n"
	"    sources: [@PROG@.c]\n"
	"    # relative to the reference folder: reference/ beside this file by\n"
	"    # default, or the one named by --reference-dir DIR\n"
	"    reference: @PROG@\n"
	"timeout: 10\n"
	"objects:\n"
	"  - kind: posix-shm\n"
	"    name: /@NAME@\n"
	"    size: 4096\n"
	"    mode: 0600\n"
	"tests:\n"
	"  - name: write, read back and remove\n"
	"    points: 4\n"
	"    hint: \"shm_open(\\\"/@NAME@\\\", O_RDWR | O_CREAT | O_EXCL, 0600), ftruncate(fd, 4096), mmap, "
	"write, print, munmap, close, shm_unlink(\\\"/@NAME@\\\").\"\n"
	"    steps:\n"
	"      - start: @PROG@\n"
	"      - wait_exit: { proc: @PROG@, timeout: 5 }\n"
	"    checks:\n"
	"      - stdout\n"
	"      - { check: exit, expect: zero }\n"
	"      - stderr\n"
	"      - ipc\n"
	"      - cleanup\n"
	"      # regexes are matched line by line (REG_NEWLINE): ^ and $ are the ends of any line\n"
	"      - { check: output_match, expect: \"^removed /@NAME@$\" }\n";

static const char readme_text[] = "# @NAME@\n"
				  "\n"
				  "Write `@PROG@.c`, a program that\n"
				  "\n"
				  "1. creates the POSIX shared memory object `/@NAME@` (it must not exist yet:\n"
				  "   `O_CREAT | O_EXCL`, permissions `0600`) and makes it 4096 bytes long;\n"
				  "2. maps it, writes `hello through shared memory` into it and prints\n"
				  "   `wrote: ` followed by what the segment holds;\n"
				  "3. unmaps and closes it, removes the object and prints `removed /@NAME@`;\n"
				  "4. exits with status 0, or prints the failing call with `perror` and exits\n"
				  "   with a non-zero status.\n"
				  "\n"
				  "Expected output:\n"
				  "\n"
				  "```\n"
				  "wrote: hello through shared memory\n"
				  "removed /@NAME@\n"
				  "```\n"
				  "\n"
				  "Build: `gcc -std=gnu11 -Wall -Wextra -o @PROG@ @PROG@.c -lrt`.\n"
				  "\n"
				  "Grading runs your program in a private IPC world and compares what it\n"
				  "prints, how it exits and which objects it creates (name, size, mode) with\n"
				  "the reference solution's; an object left behind loses points.\n";

static const char starter_text[] =
	"/* @PROG@.c: create, use and remove the POSIX shared memory object /@NAME@. */\n"
	"#include <fcntl.h>\n"
	"#include <stdio.h>\n"
	"#include <stdlib.h>\n"
	"#include <string.h>\n"
	"#include <sys/mman.h>\n"
	"#include <unistd.h>\n"
	"\n"
	"#define SHM_NAME \"/@NAME@\"\n"
	"#define SHM_SIZE 4096\n"
	"#define MESSAGE \"hello through shared memory\"\n"
	"\n"
	"int\n"
	"main(void)\n"
	"{\n"
	"\t/* TODO: shm_open(SHM_NAME, O_RDWR | O_CREAT | O_EXCL, 0600), ftruncate to SHM_SIZE, mmap */\n"
	"\t/* TODO: write MESSAGE into the segment, print \"wrote: \" and what it holds */\n"
	"\t/* TODO: munmap, close, shm_unlink(SHM_NAME), print \"removed \" SHM_NAME */\n"
	"\treturn EXIT_FAILURE;\n"
	"}\n";

static const char reference_text[] = "/* reference/@PROG@.c: the reference solution of @NAME@. The grader runs it\n"
				     " * beside the students' programs as the oracle; never give it to students. */\n"
				     "#include <fcntl.h>\n"
				     "#include <stdio.h>\n"
				     "#include <stdlib.h>\n"
				     "#include <string.h>\n"
				     "#include <sys/mman.h>\n"
				     "#include <unistd.h>\n"
				     "\n"
				     "#define SHM_NAME \"/@NAME@\"\n"
				     "#define SHM_SIZE 4096\n"
				     "#define MESSAGE \"hello through shared memory\"\n"
				     "\n"
				     "int\n"
				     "main(void)\n"
				     "{\n"
				     "\tint fd = shm_open(SHM_NAME, O_RDWR | O_CREAT | O_EXCL, 0600);\n"
				     "\tif (fd < 0) {\n"
				     "\t\tperror(\"shm_open\");\n"
				     "\t\treturn EXIT_FAILURE;\n"
				     "\t}\n"
				     "\tif (ftruncate(fd, SHM_SIZE) != 0) {\n"
				     "\t\tperror(\"ftruncate\");\n"
				     "\t\tshm_unlink(SHM_NAME);\n"
				     "\t\treturn EXIT_FAILURE;\n"
				     "\t}\n"
				     "\tchar *p = mmap(NULL, SHM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);\n"
				     "\tif (p == MAP_FAILED) {\n"
				     "\t\tperror(\"mmap\");\n"
				     "\t\tshm_unlink(SHM_NAME);\n"
				     "\t\treturn EXIT_FAILURE;\n"
				     "\t}\n"
				     "\tstrcpy(p, MESSAGE);\n"
				     "\tprintf(\"wrote: %s\\n\", p);\n"
				     "\tmunmap(p, SHM_SIZE);\n"
				     "\tclose(fd);\n"
				     "\tif (shm_unlink(SHM_NAME) != 0) {\n"
				     "\t\tperror(\"shm_unlink\");\n"
				     "\t\treturn EXIT_FAILURE;\n"
				     "\t}\n"
				     "\tprintf(\"removed %s\\n\", SHM_NAME);\n"
				     "\treturn EXIT_SUCCESS;\n"
				     "}\n";

/* A template with @NAME@ and @PROG@ filled in; malloc'd, NULL on ENOMEM. */
static char *
fill(const char *tpl, const char *name, const char *prog)
{
	size_t cap = strlen(tpl) * 2 + 1024, n = 0;
	char *out = malloc(cap);
	for (const char *p = tpl; out && *p;) {
		const char *v = NULL;
		size_t skip = 1;
		if (strncmp(p, "@NAME@", 6) == 0)
			v = name, skip = 6;
		else if (strncmp(p, "@PROG@", 6) == 0)
			v = prog, skip = 6;
		size_t add = v ? strlen(v) : 1;
		if (n + add + 1 > cap) {
			char *no = realloc(out, cap = cap * 2 + add);
			if (no == NULL) {
				free(out);
				return NULL;
			}
			out = no;
		}
		memcpy(out + n, v ? v : p, add);
		n += add;
		p += skip;
	}
	if (out)
		out[n] = '\0';
	return out;
}

/* A name that is a file name, a C identifier once '-' is '_', and a POSIX object name. */
static bool
valid_name(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 64 || !isalpha((unsigned char)s[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
			return false;
	return true;
}

/* Write one filled template to DIR/rel; 0 or -1 after saying why. */
static int
put(const char *dir, const char *rel, const char *tpl, const char *name, const char *prog)
{
	char path[PATH_MAX + 128];
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	char *text = fill(tpl, name, prog);
	if (text == NULL || write_text(path, text) != 0) {
		cli_error("ipcgrade new: cannot write %s: %s\n", path, strerror(errno));
		free(text);
		return -1;
	}
	free(text);
	printf("  %s\n", path);
	return 0;
}

int
cmd_new(int argc, char **argv)
{
	const char *pos[2] = { 0 };
	int npos = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(new_usage, stdout);
			return EXIT_GRADED;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return usage_error(new_usage, "unknown option");
		} else if (npos < 2) {
			pos[npos++] = argv[i];
		} else {
			return usage_error(new_usage, "too many arguments");
		}
	}
	if (npos == 0)
		return usage_error(new_usage, "new needs NAME");
	const char *name = pos[0], *dir = pos[1] ? pos[1] : pos[0];
	if (!valid_name(name))
		return usage_error(new_usage, "NAME must be letters, digits, '-' and '_', starting with a letter");
	char prog[80], rdir[PATH_MAX + 16], src[128];
	snprintf(prog, sizeof(prog), "%s", name);
	for (char *p = prog; *p; p++)
		if (*p == '-')
			*p = '_';
	struct stat st;
	if (stat(dir, &st) == 0) {
		cli_error("ipcgrade new: %s already exists: name a new folder\n", dir);
		return EXIT_USAGE;
	}
	snprintf(rdir, sizeof(rdir), "%s/reference", dir);
	char parent[PATH_MAX + 16];
	snprintf(parent, sizeof(parent), "%s", dir);
	for (char *p = parent + 1; *p; p++) /* mkdir -p of the folders above DIR */
		if (*p == '/') {
			*p = '\0';
			if (mkdir(parent, 0755) != 0 && errno != EEXIST)
				break;
			*p = '/';
		}
	/* reference/ is 0700: in degraded mode (no private root) student code
	 * runs under another uid and must not read the reference's source. */
	if (mkdir(dir, 0755) != 0 || mkdir(rdir, 0700) != 0) {
		cli_error("ipcgrade new: cannot make %s: %s\n", rdir, strerror(errno));
		return EXIT_USAGE;
	}
	printf("ipcgrade new: assignment %s in %s:\n", name, dir);
	snprintf(src, sizeof(src), "%s.c", prog);
	char ref[160];
	snprintf(ref, sizeof(ref), "reference/%s.c", prog);
	if (put(dir, "assignment.yaml", spec_text, name, prog) != 0 || put(dir, "README.md", readme_text, name, prog) ||
	    put(dir, src, starter_text, name, prog) != 0 || put(dir, ref, reference_text, name, prog) != 0)
		return EXIT_INTERNAL;
	printf("next:\n"
	       "  ipcgrade validate %s          # builds %s/reference/%s, grades it against the spec\n"
	       "  ipcgrade grade %s SUBMISSION  # grade a student's folder (references: %s/reference)\n"
	       "Give students README.md and %s only; reference/ (and a hidden.yaml) stay with you.\n",
	       dir, dir, prog, dir, dir, src);
	return EXIT_GRADED;
}
