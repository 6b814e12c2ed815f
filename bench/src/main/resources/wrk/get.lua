-- GET one user, a random one per request, with the bearer token.
-- Arguments after "--": users, token, user id prefix, and what follows the user id (/preferences, or
-- /preferences/explain).
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  users = tonumber(args[1])
  wrk.headers["Authorization"] = "Bearer " .. args[2]
  prefix = "/api/users/" .. args[3]
  suffix = args[4] or "/preferences"
  math.randomseed(os.time() * 1000 + id)
end

function request()
  return wrk.format("GET", prefix .. math.random(0, users - 1) .. suffix)
end
