"""The hotline: citizens handed over by the bot (or by a phone agent's link) wait in team queues;
staff claim, answer and give them back.

Modules: tickets (queues, atomic claims), links (phone → chat tokens), hours (DESK_HOURS), texts
(what the desk tells citizens, zh + en), handoffs (from the router: tickets and waiting notices),
staff_actions (claim, reply, note, transfer, resolve, hand back), rasa_control (pause/resume),
transcripts (what staff read, and who may), routes (/api/desk/... of the hotline)."""
