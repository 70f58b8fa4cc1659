package storage

import (
	"context"
	"database/sql"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// The candidates of the digest's next idea (experiments.NextIdea): an idea
// serving a goal with nothing running comes first, then the best ICE, so
// the best idea of each goal, and the best with none, are enough to pick
// the one NextIdea picks from them all. Which goals have nothing running is
// the domain's to say; storage reads one idea per goal, a few dozen rows
// for a backlog of thousands.
const (
	// The best idea of each goal of the channel (open or closed: the
	// domain says which were open at asOf) and of no goal, among the ideas
	// of today created by asOf, in the order of experiments.IdeaOrder
	// within a goal: one search of experiments_ideas_by_goal each (the
	// unary + keeps the planner off the ideas' index by creation, which
	// would sort the whole backlog for each goal).
	// Arguments: team, channel, asOf, team, channel (the open goals), the
	// same (the closed ones), team, channel, asOf (no goal).
	nextIdeasQuery = `SELECT id, number, created_at, ice_i, ice_c, ice_e, goal_id FROM experiments WHERE id IN (
		SELECT (SELECT i.id ` + nextIdeaOf + ` AND i.goal_id = g.id ` + nextIdeaOrder + `) FROM goals g
			WHERE g.team = ? AND g.channel = ? AND g.closed = 0
		UNION ALL SELECT (SELECT i.id ` + nextIdeaOf + ` AND i.goal_id = g.id ` + nextIdeaOrder + `) FROM goals g
			WHERE g.team = ? AND g.channel = ? AND g.closed = 1
		UNION ALL SELECT (SELECT i.id ` + nextIdeaOf + ` AND i.goal_id IS NULL ` + nextIdeaOrder + `))`
	nextIdeaOf    = `FROM experiments i WHERE i.team = ? AND i.channel = ? AND i.status = 'idea' AND +i.created_at <= ?`
	nextIdeaOrder = `ORDER BY i.ice_i + i.ice_c + i.ice_e DESC, i.created_at, i.number LIMIT 1`
	// The ideas launched after asOf that were ideas at it, through the
	// launches' index: none for a digest as of now. Arguments: team,
	// channel, asOf, asOf.
	nextThenQuery = `SELECT id, number, created_at, ice_i, ice_c, ice_e, goal_id FROM experiments
		WHERE team = ? AND channel = ? AND launched_at > ? AND created_at <= ?`
)

// findNextIdeas returns the candidates of the digest's next idea as of
// asOf, brief (see nextIdeasQuery), as ideas.
func findNextIdeas(ctx context.Context, tx *sql.Tx, team, channel string, asOf time.Time) ([]experiments.Experiment, error) {
	at := toMillis(asOf)
	scan := scanNextIdea(team, channel)
	list, err := queryBriefs(ctx, tx, nextIdeasQuery, scan, nil,
		team, channel, at, team, channel, team, channel, at, team, channel, team, channel, at)
	if err != nil {
		return nil, err
	}
	return queryBriefs(ctx, tx, nextThenQuery, scan, list, team, channel, at, at)
}

// scanNextIdea reads a row of nextIdeasQuery or nextThenQuery as an idea.
func scanNextIdea(team, channel string) func(scanner) (experiments.Experiment, error) {
	return func(s scanner) (experiments.Experiment, error) {
		e := experiments.Experiment{Team: team, Channel: channel, Status: experiments.StatusIdea}
		var created int64
		var goalID sql.NullInt64
		err := s.Scan(&e.ID, &e.Number, &created, &e.ICE.Impact, &e.ICE.Confidence, &e.ICE.Ease, &goalID)
		e.CreatedAt, e.GoalID = fromMillis(created), goalID.Int64
		return e, err
	}
}
