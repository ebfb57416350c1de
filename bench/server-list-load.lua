-- wrk script for bench/server-list-load.sh: each request picks a random project (or group) of the
-- bench/server-dataset.sh shape and one of the filtered, sorted list queries of SCENARIO.
local token = os.getenv("TOKEN")
local projects = tonumber(os.getenv("PROJECTS") or "1000")
local scenario = os.getenv("SCENARIO") or "project"
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("seed", counter * 7919)
end

function init(args)
  math.randomseed(seed)
end

local function project_path(p)
  return string.format("bench%%2Fg%02d%%2Fp%04d", p % 10, p)
end

local project_queries = {
  "severity=critical,high&state=detected,confirmed",
  "state=detected&report_type=sast&sort=detected_desc",
  "severity=medium&sort=severity_desc&has_solution=true",
  "state=dismissed&dismissal_reason=false_positive",
}

local group_queries = {
  "severity=critical&state=detected,confirmed",
  "report_type=dependency_scanning&severity=high,critical&sort=detected_desc",
  "state=detected&detected_since=2026-10-01",
}

request = function()
  local path
  if scenario == "project" then
    local q = project_queries[math.random(#project_queries)]
    path = "/api/v1/projects/" .. project_path(math.random(0, projects - 1)) .. "/vulnerabilities?limit=20&" .. q
  elseif scenario == "group" then
    local q = group_queries[math.random(#group_queries)]
    path = string.format("/api/v1/groups/bench%%2Fg%02d/vulnerabilities?limit=20&", math.random(0, 9)) .. q
  elseif scenario == "counts" then
    path = string.format("/api/v1/groups/bench%%2Fg%02d/vulnerabilities/counts?state=detected,confirmed", math.random(0, 9))
  else
    path = "/api/v1/groups/bench/vulnerabilities?limit=20&" .. group_queries[math.random(#group_queries)]
  end
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format("%-8s requests %6d  errors %d  throughput %7.1f req/s  p50 %6.1f ms  p95 %6.1f ms  p99 %6.1f ms  max %6.1f ms\n",
    scenario, summary.requests, errors, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
