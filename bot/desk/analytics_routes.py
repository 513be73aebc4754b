"""The desk's analytics: the dashboard page (/desk/analytics), its figures as JSON and CSV and its
charts as SVG. Supervisors and analysts; figures only (the analyst's role reads no transcript)."""
from datetime import datetime

from sanic import Blueprint, Request, response
from sanic.exceptions import InvalidUsage

from analytics.charts import CHARTS, render
from analytics.export import to_csv
from analytics.query import parse_filters
from analytics.suppression import suppress
from bot.desk.http import ANALYTICS_ROLES, STATIC_DIR, json_answer, requires
from bot.store import in_thread

analytics_routes = Blueprint("desk_analytics")


async def _report(request: Request):
    metrics = request.app.ctx.analytics_metrics
    try:
        filters = parse_filters({key: request.args.get(key) for key in request.args},
                                datetime.now(metrics.zone).date())
    except ValueError as error:
        raise InvalidUsage(str(error)) from None
    return suppress(await in_thread(metrics.report, filters))


@analytics_routes.get("/desk/analytics")
async def dashboard(request: Request):
    return await response.file(STATIC_DIR / "analytics.html")


@analytics_routes.get("/api/desk/analytics")
@requires(*ANALYTICS_ROLES)
async def figures(request: Request):
    return json_answer(await _report(request))


@analytics_routes.get("/api/desk/analytics.csv")
@requires(*ANALYTICS_ROLES)
async def figures_csv(request: Request):
    report = await _report(request)
    name = f"tongban-{report['filters']['first_day']}-{report['filters']['last_day']}.csv"
    return response.text("\ufeff" + to_csv(report), content_type="text/csv; charset=utf-8",
                         headers={"Content-Disposition": f'attachment; filename="{name}"'})


@analytics_routes.get("/api/desk/analytics/charts/<name:str>")
@requires(*ANALYTICS_ROLES)
async def chart(request: Request, name: str):
    chart_name = name[:-4] if name.endswith(".svg") else name
    if chart_name not in CHARTS:
        raise InvalidUsage(f"chart must be one of {', '.join(CHARTS)}")
    report = await _report(request)
    svg = await in_thread(render, report, chart_name, "svg")
    return response.raw(svg, content_type="image/svg+xml", headers={"Cache-Control": "no-store"})
