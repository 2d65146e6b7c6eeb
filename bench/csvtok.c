/* cg-csvtok FILE...: tokenises CSV files with libcsv and nothing else, the
 * floor under casegraph's CSV import in bench/run. Prints rows and fields. */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>

static size_t fields, rows;

static void on_field(void *s, size_t len, void *data)
{
	(void)s;
	(void)len;
	(void)data;
	fields++;
}

static void on_row(int c, void *data)
{
	(void)c;
	(void)data;
	rows++;
}

int main(int argc, char **argv)
{
	static char buf[1 << 16];

	for (int i = 1; i < argc; i++) {
		struct csv_parser p;
		FILE *f = fopen(argv[i], "rb");
		size_t n;
		if (!f || csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
			fprintf(stderr, "cg-csvtok: cannot read %s\n", argv[i]);
			return 1;
		}
		while ((n = fread(buf, 1, sizeof buf, f)) > 0)
			if (csv_parse(&p, buf, n, on_field, on_row, NULL) != n) {
				fprintf(stderr, "cg-csvtok: %s: %s\n", argv[i],
				        csv_strerror(csv_error(&p)));
				return 1;
			}
		csv_fini(&p, on_field, on_row, NULL);
		csv_free(&p);
		fclose(f);
	}
	printf("%zu rows, %zu fields\n", rows, fields);
	return 0;
}
