-- id: cost_per_ticket
-- title: Cost per ticket
-- definition: the service desk's cost over the period divided among the incidents and service requests opened in it; with a cost per team, each team's cost is divided among its own tickets (by assignment group); with a cost per channel, each channel's cost is divided among the tickets opened through it (the canonical channel: phone, email, portal …); so a breakdown by kind, channel or priority averages the tickets' shares; with an hourly rate, each ticket costs its logged time worked (handle_time_hours: ServiceNow time_worked, Jira Time Spent …) × the rate, whenever the work was logged
-- variant: from the cost model in the project config (metrics.cost, named in `model`): exactly one of per_month, per_team_month, per_channel_month and hourly_rate, never combined (whether a channel's cost is part of a total or on top of it, and how a team's cost splits over channels, are not in the data: the user states one split); monthly models: the period's months are its days ÷ 30.44 (a calendar month is 1 when the period is that month); hourly model: tickets without time worked are left out and counted in `uncosted`, never costed 0; per team or channel: tickets of a team or channel without a cost are left out and counted in `uncosted`, and a team or channel given a cost that opened no ticket in the period leaves its cost out of `cost`; interactions are not counted (they are the contacts that raise the tickets)
-- unit: currency
-- denominator: incidents and service requests opened in the period (with a cost per team or channel: those of the teams or channels given a cost; with an hourly rate: those carrying time worked; the others in `uncosted`)
-- table: ticket
-- anchor: opened_at
WITH t AS (
  SELECT {{dims}} assignment_group AS team, channel AS chan, handle_time_hours AS hours FROM base WHERE kind IN ('incident', 'service_request')
),
p AS (SELECT (epoch(period_end()) - epoch(period_start())) / 86400.0 / (365.2425 / 12) AS months),
-- a calendar month counts as exactly 1 (its days ÷ 30.44 would make February cheaper)
m AS (SELECT CASE WHEN abs(months - round(months)) < 0.1 AND round(months) >= 1 THEN round(months) ELSE months END AS months FROM p),
teams AS (SELECT team, count(*) AS k FROM t GROUP BY team),
chans AS (SELECT chan, count(*) AS k FROM t GROUP BY chan),
costed AS (
  SELECT t.*, CASE WHEN cost_per_hour() IS NOT NULL THEN t.hours * cost_per_hour()
                   WHEN cost_by_team() THEN team_cost_per_month(t.team) * m.months / teams.k
                   WHEN cost_by_channel() THEN channel_cost_per_month(t.chan) * m.months / chans.k
                   ELSE cost_per_month() * m.months / (SELECT count(*) FROM t) END AS cost
  -- (each ticket has its one team and channel row; joined only under the model that reads it: the two joins of
  -- every ticket were three quarters of this query at 1M tickets)
  FROM t LEFT JOIN teams ON cost_by_team() AND teams.team IS NOT DISTINCT FROM t.team
    LEFT JOIN chans ON cost_by_channel() AND chans.chan IS NOT DISTINCT FROM t.chan, m
)
SELECT {{dims}}
  avg(cost) AS value,
  count(cost) AS n,
  sum(cost) AS cost,
  count(*) - count(cost) AS uncosted,
  -- the months the monthly models cost (not used by the hourly one)
  CASE WHEN cost_per_hour() IS NULL THEN any_value(m.months) END AS months,
  sum(hours) AS hours_worked,
  cost_currency() AS currency,
  cost_model() AS model,
  CASE WHEN cost_model() IS NULL THEN 'no cost model: set metrics.cost (per_month, per_team_month, per_channel_month or hourly_rate) in the project config'
       WHEN count(*) = 0 THEN 'no incident or service request was opened in the period'
       WHEN count(cost) = 0 AND cost_per_hour() IS NOT NULL THEN 'metrics.cost.hourly_rate needs the time worked on each ticket (handle_time_hours: ServiceNow time_worked, Jira Time Spent, RT TimeWorked, GLPI actiontime); no incident or service request of the period carries it'
       WHEN count(cost) = 0 AND cost_by_team() THEN 'no ticket of the period belongs to a team given a cost in metrics.cost.per_team_month'
       WHEN count(cost) = 0 AND cost_by_channel() AND count(chan) = 0 THEN 'metrics.cost.per_channel_month needs the channel each ticket came through; no incident or service request of the period carries one (the export has no channel column, or it is empty)'
       WHEN count(cost) = 0 AND cost_by_channel() THEN 'no ticket of the period came through a channel given a cost in metrics.cost.per_channel_month (their channels: ' || string_agg(DISTINCT chan, ', ' ORDER BY chan) || ')' END AS reason
FROM costed, m
{{group_by}}
