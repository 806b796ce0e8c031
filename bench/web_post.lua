-- bench/web_post.lua — wrk script for bench/web.sh: every request is one
-- check-in POSTed to /api/records the way the page sends it. The session
-- cookie, X-Ebb-CSRF, Origin and Sec-Fetch-Site come from wrk -H.
wrk.method = "POST"
wrk.path = "/api/records"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"kind":"checkin","body":{"intensity":5,"feelings":["calm"],"grieving":["familiar"]}}'
