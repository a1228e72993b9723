#!/usr/bin/env python3
"""Creates the notification benchmark's rules in a running crier (bench/run_notifications.sh):
an Incoming Webhook URL and N enabled notifications on Issue, all on the insert's events, of which
M match the benchmark's Issue (condition true) and queue a Mattermost message each; the others'
conditions are false. Usage: setup_notifications.py URL TOKEN N M"""
import json
import sys
import urllib.request

url, token, total, matching = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])


def post(path, body):
    request = urllib.request.Request(
        url + path, data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json", "Authorization": token})
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)


# Nothing listens on port 9: no delivery worker could reach it, and none is measured here.
post("/api/resource/Incoming Webhook URL".replace(" ", "%20"),
     {"webhook_name": "Bench", "service": "Mattermost",
      "webhook_url": "http://127.0.0.1:9/hooks/benchbenchbench1234"})
message = ("*Nouveau ticket*\n\nNouvelle demande n° {{ doc.name }}.\n\n*Détails*\n\n"
           "• Client : {{ doc.customer }}\n• Sujet : {{ doc.subject }}\n"
           "• Message : {{ doc.description }}")
for i in range(total):
    match = i < matching
    post("/api/resource/Notification", {
        "name": f"bench {i:03d}",
        "channel": "External Collaboration Tool",
        "incoming_webhook_url": "Bench",
        "document_type": "Issue",
        # Half on New, half on Save: an insert fires both events.
        "event": "New" if i % 2 == 0 else "Save",
        "subject": "Nouveau ticket {{ doc.name }}",
        "condition": ('doc.status == "Open" and doc.total > 10' if match
                      else f'doc.status == "Open" and doc.total > {1000 + i}'),
        "message": message,
    })
print(f"created {total} notifications, {matching} matching", file=sys.stderr)
