-- PATCH distinct users with a merge patch that really changes each one: thread t patches users
-- offset + t + k * threads for k = 0 .. pool / threads - 1 in turn, so no two requests in flight share a user, and
-- each pass over the pool sets the other language of "de" and "fr" (the loaded users have neither).
-- Arguments after "--": users, token, user id prefix, offset, pool, threads.
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  users = tonumber(args[1])
  wrk.headers["Authorization"] = "Bearer " .. args[2]
  wrk.headers["Content-Type"] = "application/merge-patch+json"
  prefix = "/api/users/" .. args[3]
  offset = tonumber(args[4])
  threadCount = tonumber(args[6])
  perThread = math.floor(tonumber(args[5]) / threadCount)
  n = 0
end

function request()
  local slot = n % perThread
  local user = (offset + id + slot * threadCount) % users
  local language = (math.floor(n / perThread) % 2 == 0) and "de" or "fr"
  n = n + 1
  return wrk.format("PATCH", prefix .. user .. "/preferences", nil, '{"language":"' .. language .. '"}')
end
