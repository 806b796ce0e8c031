/*
 * cmd-reasons.c — `ebb reasons [add TEXT | rm ID]`: why I left, in my own
 * words, kept for the days when missing them is loud. Adding never needs
 * the passphrase; reading and removing do. The work is in lists.c.
 */
#include "cli.h"
#include "lists.h"

static const struct cli_list_spec reasons = {
    .kind = "reason",
    .what = "reason",
    .title = "Why I left",
    .question = "A reason you left, in your own words: ",
    .added = "Kept with your reasons for leaving.",
    .empty = "No reasons written down yet. On a day when missing them gets loud, your own "
             "words about why you left can steady you.\n"
             "Write one down when you are ready: ebb reasons add \"...\"",
    .footer = "'ebb both' shows these beside what you miss.",
};

static int run(struct cli *cli, int argc, char **argv)
{
	return cli_list_run(cli, argc, argv, &reasons);
}

const struct ebb_cmd cmd_reasons = {
    .name = "reasons",
    .usage = "[add TEXT | rm ID [--yes]]",
    .summary = "keep your reasons for leaving, in your own words",
    .help = "With no arguments, lists your reasons for leaving with their ids (this needs\n"
            "the vault unlocked: the kept key from 'ebb unlock', or the passphrase).\n\n"
            "  add TEXT      keep a reason; the words may also come on stdin. Adding never\n"
            "                needs the passphrase: while locked it is sealed, and joins the\n"
            "                rest when you next unlock\n"
            "  rm ID         remove one for good (its words are wiped); asks first\n\n"
            "Options:\n"
            "  -y, --yes     with rm: remove without asking (needed without a terminal)\n"
            "  --json        the list as a JSON array of records\n",
    .run = run,
};
