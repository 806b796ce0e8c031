/*
 * termchart.h — the waves chart drawn on a terminal, from the analysis
 * result itself (never from the SVG): the smoothed line on the 0–10 scale,
 * broken where it has gaps, each wave's number above its peak, the scale on
 * the left and month labels below.
 *
 * Two ways of drawing: Unicode braille (2 × 4 dots a character cell) with
 * box-drawing axes, for terminals that show UTF-8; plain ASCII (three
 * levels a cell: . - ') for the rest, or when asked. Every line fits in the
 * width given, and colour comes only through cli_color.
 */
#ifndef EBB_CLI_TERMCHART_H
#define EBB_CLI_TERMCHART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h"
#include "waves.h"

/* The rows of the value scale: one per point from 0 to 10. */
#define CLI_TERMCHART_ROWS 11

/* The narrowest chart drawn, in columns (narrower widths are widened). */
#define CLI_TERMCHART_MIN_WIDTH 24

/*
 * true when the terminal can show UTF-8: the locale in force (the first set
 * and non-empty of LC_ALL, LC_CTYPE and LANG) names UTF-8 ("UTF-8" or
 * "utf8", any case) and TERM is not "dumb".
 */
bool cli_term_utf8(void);

/*
 * Writes day (a local day number) as ebb writes dates for people: "3 Mar",
 * or "3 Mar 2026" with the year. Always ASCII. Returns buf.
 */
char *cli_day_short(char *buf, size_t size, int64_t day, bool with_year);

/*
 * Draws r's smoothed line to f in width columns (lines never longer;
 * widths below CLI_TERMCHART_MIN_WIDTH are widened to it), in braille
 * unless ascii. r must hold at least one day. Returns 0, or EX_OSERR
 * (reported) when memory runs out.
 */
int cli_termchart_waves(FILE *f, const struct cli *cli, const struct ebb_waves_result *r,
                        size_t width, bool ascii);

#endif
