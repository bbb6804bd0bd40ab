-- Synthetic history for the read benchmarks (bench/console, bench/scale), in
-- psql variables: users, questions, turns, samples, games. Turns, samples and
-- games spread over the year before now; 1 in 10 samples waits for review,
-- 1 in 3 turns is a training candidate, 1 in 10 games has a reward delivery.
\set ON_ERROR_STOP 1
INSERT INTO users (php_user_id, first_name, created_at, updated_at)
SELECT 100000 + i, 'player ' || i, now(), now() FROM generate_series(1, :users) AS i;

INSERT INTO game_questions (game_type, language, question_text, correct_answer, answer_options,
                            difficulty, enabled, usage_count, success_rate)
SELECT (ARRAY['intent_quest','tone_detective','entity_hunter','language_master'])[1 + i % 4],
       (ARRAY['en','hi'])[1 + i % 2],
       'bench question ' || i || ' मुझे पिज़्ज़ा चाहिए',
       'order_food', '["order_food","greeting","track_order"]'::jsonb,
       (ARRAY['easy','medium','hard'])[1 + i % 3], i % 10 <> 0, i % 50, 0.5
FROM generate_series(1, :questions) AS i;

INSERT INTO conversation_logs (session_id, user_message, nlu_intent, nlu_confidence,
                               nlu_alternate_intents, nlu_language, is_training_candidate,
                               training_confidence_bucket, created_at)
SELECT 'chat-' || (i % 5000), 'message ' || i, (ARRAY['order_food','greeting','track_order','cancel_order'])[1 + i % 4],
       0.4 + (i % 50) / 100.0, '[{"intent":"greeting","confidence":0.2}]'::jsonb,
       (ARRAY['en','hi'])[1 + i % 2], i % 3 = 0,
       (ARRAY['low','medium','high'])[1 + i % 3],
       -- Ids grow with time, as logged turns do.
       now() - ((:turns - i)::bigint * 525600 / :turns) * interval '1 minute'
FROM generate_series(1, :turns) AS i;

INSERT INTO training_samples (user_id, session_id, text, intent, confidence, language, source,
                              approved, approved_by, approved_at, review_status, review_priority,
                              created_at)
-- Texts as varied as real messages: a near-duplicate check that finds every
-- sample near every other (as 'sample text 1', 'sample text 2' would be)
-- measures nothing but that.
SELECT 1 + i % :users, 'chat-' || (i % 5000),
       substr(md5(i::text), 1, 12) || ' ' || substr(md5((i::bigint * 7919)::text), 1, 9),
       (ARRAY['order_food','greeting','track_order','cancel_order'])[1 + i % 4], 0.7,
       (ARRAY['en','hi'])[1 + i % 2], (ARRAY['game','conversation','manual'])[1 + i % 3],
       i % 10 <> 0, CASE WHEN i % 10 <> 0 THEN (ARRAY['crowd','asha'])[1 + i % 2] END,
       CASE WHEN i % 10 <> 0 THEN now() - (i % 525600) * interval '1 minute' END,
       CASE WHEN i % 10 = 0 THEN 'pending' ELSE 'approved' END, i % 7,
       now() - (i % 525600) * interval '1 minute'
FROM generate_series(1, :samples) AS i;

INSERT INTO game_sessions (session_id, user_id, game_type, difficulty, language, status, score,
                           started_at, completed_at, updated_at, reward_status)
SELECT 'chat-' || i, 1 + i % :users,
       (ARRAY['intent_quest','tone_detective','entity_hunter','language_master'])[1 + i % 4],
       'medium', (ARRAY['en','hi'])[1 + i % 2], 'completed', i % 6,
       now() - (i % 525600) * interval '1 minute', now() - (i % 525600) * interval '1 minute' + interval '2 minutes',
       now() - (i % 525600) * interval '1 minute' + interval '2 minutes', NULL
FROM generate_series(1, :games) AS i;

INSERT INTO reward_deliveries (game_session_id, user_id, amount, currency, loyalty_points, status,
                               attempts, next_attempt_at, last_error, created_at, updated_at, credited_at)
SELECT id, user_id, 5.00, 'INR', 10, (ARRAY['credited','credited','credited','pending','failed'])[1 + id % 5],
       1 + id % 3, now(), CASE WHEN id % 5 = 4 THEN 'wallet answered 500' END,
       completed_at, completed_at, CASE WHEN id % 5 < 3 THEN completed_at END
FROM game_sessions WHERE id % 10 = 0;
-- The leaderboard rollups of those games, as the service keeps them (day and
-- week in Asia/Kolkata, UTC+5:30, weeks from Monday; all time; per type and
-- language and for all of them): games loaded behind the server's back are
-- not in them otherwise.
INSERT INTO leaderboard_totals (period_kind, period_start, game_type, language, user_id,
                                score, games, league_points)
SELECT p.kind, p.start, t.game_type, l.language, g.user_id, SUM(COALESCE(g.score, 0)), COUNT(*),
       SUM(COALESCE((g.rewards_earned->>'gold_correct')::bigint, 0))
FROM game_sessions g
CROSS JOIN LATERAL (VALUES
    ('all', timestamp '1970-01-01 00:00:00'),
    ('day', date_trunc('day', g.completed_at + interval '330 minutes') - interval '330 minutes'),
    ('week', date_trunc('week', g.completed_at + interval '330 minutes') - interval '330 minutes')
) AS p(kind, start)
CROSS JOIN LATERAL (SELECT DISTINCT v FROM (VALUES (''), (g.game_type)) AS x(v)) AS t(game_type)
CROSS JOIN LATERAL (SELECT DISTINCT v FROM (VALUES (''), (COALESCE(g.language, ''))) AS x(v)) AS l(language)
WHERE g.status = 'completed' AND g.completed_at IS NOT NULL
GROUP BY 1, 2, 3, 4, 5
ON CONFLICT (period_kind, period_start, game_type, language, user_id) DO UPDATE SET
    score = leaderboard_totals.score + excluded.score,
    games = leaderboard_totals.games + excluded.games,
    league_points = leaderboard_totals.league_points + excluded.league_points;
-- Their rank buckets, as the server's fold would count them.
UPDATE leaderboard_totals SET ranked_score = score WHERE ranked_score IS DISTINCT FROM score;
DELETE FROM leaderboard_score_counts;
INSERT INTO leaderboard_score_counts (period_kind, period_start, game_type, language, score, players)
SELECT period_kind, period_start, game_type, language, score, COUNT(*)
FROM leaderboard_totals GROUP BY 1, 2, 3, 4, 5;
-- History loaded behind the server's back: its statistics rollup starts over.
UPDATE conversation_stats_folds SET folded_until = NULL;
DELETE FROM conversation_stats_hourly;
-- Keep the seeded year: the retention sweep would delete three quarters of it.
UPDATE gamification_settings SET value = '0' WHERE key = 'conversation_log_retention_days';
ANALYZE;
