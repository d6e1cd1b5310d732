/* atelier-cli: the headless front end of the engine. Each command lives in
 * its own cmd_*.c and follows CONTRACT.md: exit 0 on success, 1 on a
 * runtime failure (bad input, unreadable file), 2 on a usage error, the
 * message on stderr naming the file and the problem; --json prints one JSON
 * document on stdout and nothing else there. */
#pragma once
#include <stdbool.h>
#include <stdio.h>
#include "at_mesh.h"
#include "at_status.h"

enum { AT_EXIT_OK = 0, AT_EXIT_FAILURE = 1, AT_EXIT_USAGE = 2 };

typedef int (*AtCliCommandFunc) (int argc, char **argv);

typedef struct {
  const char *name;
  AtCliCommandFunc run;
  const char *synopsis; /* arguments after the command name */
  const char *summary;  /* one line */
} AtCliCommand;

/* Reports a runtime failure ("atelier-cli CMD: message") and returns 1. */
int at_cli_fail (const char *command, const AtError *err);
/* Reports a usage error with the command's synopsis and returns 2. */
int at_cli_usage_error (const char *command, const char *synopsis, const char *fmt, ...)
  __attribute__ ((format (printf, 3, 4)));
/* True when argv holds -h or --help (checked before parsing). */
bool at_cli_wants_help (int argc, char **argv);
void at_cli_print_help (FILE *out, const char *command, const char *synopsis, const char *details);
/* Parses a strictly positive integer / a finite double option value. */
bool at_cli_parse_int (const char *text, long min, long max, long *out);
bool at_cli_parse_double (const char *text, double *out);
/* One option of a command's table, which ends with a zeroed entry. A flag
 * sets a bool; the others take the next word: text as it is, an integer or
 * a finite number within [min, max], or one of the words in choices (its
 * index); a usage error names the option and what it accepts otherwise.
 * An option given twice keeps its last value. */
typedef enum { AT_CLI_FLAG, AT_CLI_TEXT, AT_CLI_INT, AT_CLI_NUMBER, AT_CLI_CHOICE } AtCliOptionKind;
typedef struct {
  const char *name; /* "--out" */
  AtCliOptionKind kind;
  void *target; /* bool *, const char **, long *, double * or int * (choice) */
  double min, max;
  const char *const *choices; /* NULL-terminated */
} AtCliOption;
/* Parses argv[1..] against options; the words that are not options fill
 * positional[0..n_positional) in order (n_positional may be 0). Returns
 * AT_EXIT_OK, or AT_EXIT_USAGE after printing the usage error. */
int at_cli_parse_options (const char *command, const char *synopsis, int argc, char **argv,
                          const AtCliOption *options, const char **positional, int n_positional);

/* The benchmarks that train on one file and score another share their
 * options: --train, --test, --predictions and --json. */
typedef int (*AtCliTrainTestRun) (const char *train, const char *test, const char *predictions, bool json);
int at_cli_bench_train_test (const char *command, const char *synopsis, int argc, char **argv, AtCliTrainTestRun run);

/* Writes a cloth mesh alone (OBJ, GLB or glTF by the extension), its uvs
 * being the flat rest positions in metres, so stretch can be read off the
 * file (CONTRACT.md). */
AtStatus at_cli_write_cloth (const char *path, const char *name, const AtMesh *mesh, AtError *err);

/* Prints a JSON text to stdout followed by a newline and frees it. */
void at_cli_print_json (char *text);

/* Commands (each in cmd_<name>.c). */
int at_cli_marker (int argc, char **argv);
int at_cli_bench (int argc, char **argv);
int at_cli_body (int argc, char **argv);
int at_cli_measure (int argc, char **argv);
int at_cli_bench_body (int argc, char **argv);
int at_cli_garments (int argc, char **argv);
int at_cli_pattern (int argc, char **argv);
int at_cli_bench_cloth_sphere (int argc, char **argv);
int at_cli_bench_drape_cusick (int argc, char **argv);
int at_cli_sketch (int argc, char **argv);
int at_cli_bench_sketch (int argc, char **argv);
int at_cli_bench_fit_feedback (int argc, char **argv);
int at_cli_bench_style_rec (int argc, char **argv);
int at_cli_bench_rank (int argc, char **argv);
int at_cli_complete (int argc, char **argv);
int at_cli_bench_complete (int argc, char **argv);
int at_cli_bench_sizes (int argc, char **argv);
int at_cli_bench_nest (int argc, char **argv);
int at_cli_cutplan (int argc, char **argv);
int at_cli_drape (int argc, char **argv);
int at_cli_bench_drape (int argc, char **argv);
int at_cli_bench_drape_check (int argc, char **argv);
int at_cli_recommend (int argc, char **argv);
int at_cli_bench_size_rec (int argc, char **argv);
int at_cli_bench_drape_agreement (int argc, char **argv);
