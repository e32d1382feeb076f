#!/usr/bin/python3
"""Publishes MassTransit-enveloped WorkerHeartbeats for N simulated workers at 1 Hz for S seconds,
each with its message id as the AMQP message_id too, as MassTransit sends them (the peer sample hashes it).

usage: heartbeat-load.py AMQP_URI WORKERS SECONDS   (measures the balancer under 1,000 workers)
"""
import json, sys, time, uuid, pika
uri, workers, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
conn = pika.BlockingConnection(pika.URLParameters(uri)); ch = conn.channel()
ex = "WorkerFleet.Contracts:WorkerHeartbeat"
ch.exchange_declare(ex, "fanout", durable=True)
seq = 0
for s in range(seconds):
    t0 = time.time(); seq += 1
    for w in range(workers):
        message_id = str(uuid.uuid4())
        env = {"messageId": message_id, "messageType": ["urn:message:WorkerFleet.Contracts:WorkerHeartbeat"],
               "message": {"workerId": f"sim-{w}", "sequence": seq, "sentAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                           "state": "active", "slots": 4, "speed": 1, "busySlots": w % 5, "heldLocally": 0,
                           "readyByLevel": {"critical": 0, "high": 0, "normal": (w * 7) % 50, "low": 0},
                           "ewmaServiceMs": 20, "completed": seq * 10, "deadLettered": {}, "takenFromOtherQueues": 0, "stolen": 0, "openBreakers": []}}
        ch.basic_publish(ex, "", json.dumps(env).encode(), pika.BasicProperties(content_type="application/vnd.masstransit+json", message_id=message_id))
    time.sleep(max(0, 1 - (time.time() - t0)))
conn.close()
