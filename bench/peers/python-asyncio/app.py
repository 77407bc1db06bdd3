"""The Python peer: FastAPI + httpx + asyncio.gather, the fan-out most tutorials teach.

Settings come from the environment: MEMBERS (comma-separated infer URLs), TIMEOUT_MS (one member call),
OUTPUT (the output tensor averaged, default probabilities). Run it with uvicorn, see run.sh.
"""
import asyncio
import json
import os

import httpx
from fastapi import FastAPI, Request, Response

MEMBERS = os.environ["MEMBERS"].split(",")
TIMEOUT = float(os.environ.get("TIMEOUT_MS", "1000")) / 1000.0
OUTPUT = os.environ.get("OUTPUT", "probabilities")

app = FastAPI()
client: httpx.AsyncClient


@app.on_event("startup")
async def startup() -> None:
    global client
    client = httpx.AsyncClient(timeout=TIMEOUT, limits=httpx.Limits(max_connections=None, max_keepalive_connections=None))


@app.on_event("shutdown")
async def shutdown() -> None:
    await client.aclose()


async def call(url: str, body: bytes) -> list:
    answer = await client.post(url, content=body, headers={"content-type": "application/json"})
    answer.raise_for_status()
    for output in answer.json()["outputs"]:
        if output["name"] == OUTPUT:
            return output
    raise ValueError("no output " + OUTPUT)


@app.post("/v2/models/{name}/infer")
async def infer(name: str, request: Request) -> Response:
    body = await request.body()
    results = await asyncio.gather(*(call(url, body) for url in MEMBERS), return_exceptions=True)
    answers = [r for r in results if not isinstance(r, BaseException)]
    if not answers:
        return Response(json.dumps({"error": "no member answered"}), status_code=503, media_type="application/json")
    data = [sum(a["data"][i] for a in answers) / len(answers) for i in range(len(answers[0]["data"]))]
    response = {
        "model_name": name,
        "model_version": "1",
        "parameters": {
            "chorus.answered": len(answers),
            "chorus.failed": len(MEMBERS) - len(answers),
            "chorus.degraded": len(answers) < len(MEMBERS),
        },
        "outputs": [{"name": OUTPUT, "datatype": "FP32", "shape": answers[0]["shape"], "data": data}],
    }
    request_id = json.loads(body).get("id")
    if request_id is not None:
        response["id"] = request_id
    return Response(json.dumps(response), media_type="application/json")
