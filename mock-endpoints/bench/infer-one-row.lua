-- wrk script: POST one Iris row to an OIP infer endpoint. wrk itself reports any non-2xx answers
-- ("Non-2xx or 3xx responses") and socket errors in its summary.
-- Usage: wrk -t2 -c64 -d15s -s mock-endpoints/bench/infer-one-row.lua http://127.0.0.1:9101/v2/models/iris-full/infer
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"id":"bench","inputs":[{"name":"features","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}'
