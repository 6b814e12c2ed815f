-- The fixed-answer endpoint (calibration): the same request every time, with the bearer token.
-- Arguments after "--": token.
function init(args)
  wrk.headers["Authorization"] = "Bearer " .. args[1]
end
