/*
 * cmd-misses.c — `ebb misses [add TEXT | rm ID]`: what I miss. Missing what
 * was good is part of grieving it; `ebb both` shows it beside why I left.
 * Adding never needs the passphrase; reading and removing do. The work is
 * in lists.c.
 */
#include "cli.h"
#include "lists.h"

static const struct cli_list_spec misses = {
    .kind = "miss",
    .what = "thing you miss",
    .title = "What I miss",
    .question = "Something you miss: ",
    .added = "Kept with what you miss.",
    .empty = "Nothing here yet. Missing what was good is part of grieving it, not a sign "
             "that leaving was wrong.\n"
             "When you are ready: ebb misses add \"...\"",
    .footer = "Missing it does not undo why you left: 'ebb both' shows the two side by side.",
};

static int run(struct cli *cli, int argc, char **argv)
{
	return cli_list_run(cli, argc, argv, &misses);
}

const struct ebb_cmd cmd_misses = {
    .name = "misses",
    .usage = "[add TEXT | rm ID [--yes]]",
    .summary = "keep what you miss, without forgetting why you left",
    .help = "With no arguments, lists what you miss with the ids (this needs the vault\n"
            "unlocked: the kept key from 'ebb unlock', or the passphrase).\n\n"
            "  add TEXT      keep something you miss; the words may also come on stdin.\n"
            "                Adding never needs the passphrase: while locked it is sealed,\n"
            "                and joins the rest when you next unlock\n"
            "  rm ID         remove one for good (its words are wiped); asks first\n\n"
            "Options:\n"
            "  -y, --yes     with rm: remove without asking (needed without a terminal)\n"
            "  --json        the list as a JSON array of records\n",
    .run = run,
};
