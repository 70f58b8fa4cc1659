package bot

import "github.com/aimlater/aimlater/experiments"

// Who may reach what: the access rules of commands, buttons and forms,
// all here. The finders (find.go) and the form seals (modal_trust.go)
// apply them.

// An experiment or goal is reachable only from its own channel, and by its
// owner from a direct message. From anywhere else it does not exist: the
// error is worded exactly as for a number that was never used, so nothing
// leaks about other channels.

func experimentNotFound(number int) error {
	return experiments.Errorf(experiments.ENOTFOUND, "There is no experiment #%d here. `list` shows this channel's experiments.", number)
}

func goalNotFound(number int) error {
	return experiments.Errorf(experiments.ENOTFOUND, "There is no goal G%d here. `goals` shows this channel's goals.", number)
}

// canSee reports whether the caller may reach something of channel owned by
// owner.
func canSee(c Command, channel, owner string) bool {
	return channel == c.Channel || (c.isDM() && owner == c.User)
}

// What an interactive payload is trusted for.
//
// Slack sets a payload's team.id and user.id: they say who clicked or
// submitted, in which workspace. A view_submission carries no channel, and
// everything else in a payload — a button's value, the clicked message's
// blocks, a view's private_metadata — is text the bot once wrote, which a
// forged payload could replace. So, defence in depth:
//
//   - private_metadata is sealed with an HMAC (MetadataKey): a submission
//     whose metadata the bot did not write, or wrote for another team or
//     another user, changes nothing. What the seal vouches for is where the
//     form was opened (From) and by whom (User): the bot built it when that
//     user ran a command or clicked a button there.
//   - The new-experiment form creates only in the channel it was opened in,
//     never in a direct message (as `/exp new` refuses there).
//   - The edit and learning forms act only on an experiment of the channel
//     the form names, and only if the submitter may reach it from where the
//     form was opened, by canSee (as `edit #4` typed there).
//   - A check-in button, and the form it opens, act only for the owner of the
//     experiment, in a direct message: the check-in DM is theirs. Or on the
//     owner's App Home tab, which Slack shows to its person alone: a home is
//     as private as their DM, so its buttons act as from there
//     (checkInAllowed, homeReaches).
//   - A decide button in a channel message (the digest's), and the form it
//     opens, act for anyone who clicks in the experiment's own channel, and
//     nowhere else (channelDecideAllowed); the decision is theirs.
//   - A button value that is no experiment number, or metadata that does not
//     open, is logged at warn and never echoed; the user sees a fixed text.
//
// None of this is a check Slack needs; it keeps a bug or a stolen app token
// from turning one user's form into another channel's change.

// checkInAllowed is the one trust rule of a check-in button (Log, Keep,
// Kill, Iterate) and of the form it opens: for the experiment's owner only,
// clicked where no one else can click, their DM with the bot (from) or
// their App Home tab (home; a click there names no channel).
func checkInAllowed(e experiments.Experiment, user, from string, home bool) bool {
	return e.Owner == user && checkInPlace(from, home)
}

// checkInPlace reports whether a check-in button or form was used in a DM,
// or on the home tab (then with no channel at all).
func checkInPlace(from string, home bool) bool {
	if home {
		return from == ""
	}
	return (Command{Channel: from}).isDM()
}

// homeReaches is what a click on user's App Home reaches: their own
// experiments, in any channel, as a command typed in their DM with the bot
// reaches them (canSee), and nothing else.
func homeReaches(e experiments.Experiment, user string) bool { return e.Owner == user }

// channelDecideAllowed is the one trust rule of a channel decide button and
// of the form it opens (see above): honoured only where it was
// clicked in e's own channel, never from a DM or another channel. Anyone
// there may click it; the decision is theirs.
func channelDecideAllowed(e experiments.Experiment, from string) bool {
	return from == e.Channel && !(Command{Channel: from}).isDM()
}
