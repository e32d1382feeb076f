#!/usr/bin/python3
"""A producer in another language, written from docs/protocol.md only (pika, publisher confirms).

usage: producer.py AMQP_URI COUNT ID_PREFIX
"""
import json
import sys
import time

import pika

LEVELS = ["critical", "high", "normal", "low"]


def main() -> None:
    uri, count, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    connection = pika.BlockingConnection(pika.URLParameters(uri))
    channel = connection.channel()
    channel.confirm_delivery()
    for n in range(count):
        level = LEVELS[n % len(LEVELS)]
        task_id = f"{prefix}-{n}"
        body = {"id": task_id, "kind": "sleep", "level": level, "tenant": f"tenant-{n % 3}",
                "costMs": 1, "payload": {"ms": 1}}
        if level == "critical":
            body["deadline"] = "2030-01-01T00:00:00Z"
        channel.basic_publish(
            exchange="fleet.tasks",
            routing_key=level,
            body=json.dumps(body).encode("utf-8"),
            properties=pika.BasicProperties(
                message_id=task_id,
                delivery_mode=2,
                content_type="application/json",
                headers={"x-affinity": f"customer-{n % 7}", "x-submitted-at": int(time.time() * 1000)},
            ),
            mandatory=True,
        )
    connection.close()


if __name__ == "__main__":
    main()
