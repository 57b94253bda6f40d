"""What the API's limits and masked errors say, in Chinese (default) and English."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "depth": (
        "查询嵌套过深：顶层字段之下最多 {max} 层",
        "the operation is nested too deeply: at most {max} levels below its top field",
    ),
    "aliases": (
        "查询使用的别名过多：最多 {max} 个",
        "the operation uses too many aliases: at most {max}",
    ),
    "cost": (
        "查询预计返回约 {cost} 个字段，超过上限 {max}；请减小 first 或少选嵌套字段",
        "the operation would answer about {cost} fields, over the limit of {max}; "
        "ask for smaller pages or fewer nested fields",
    ),
    "tokens": (
        "查询文本过长：最多 {max} 个词法单元",
        "the operation text is too long: at most {max} tokens",
    ),
    "introspection": (
        "生产环境已关闭内省查询（__schema、__type）",
        "introspection (__schema, __type) is off in production",
    ),
    "page_size": (
        "first 应在 0 到 {max} 之间，实际为 {value}；请分页获取",
        "first must be between 0 and {max}, got {value}; fetch further pages instead",
    ),
    "timeout": (
        "查询超过 {seconds:g} 秒未完成，已被中止；请缩小范围后重试",
        "the query did not finish within {seconds:g} s and was stopped; narrow it and retry",
    ),
    "internal": (
        "服务器内部错误（错误编号 {error_id}，请告知管理员）",
        "internal error (error id {error_id}; tell the administrator)",
    ),
    "body_too_large": (
        "请求体超过 {max} 字节的上限",
        "the request body is larger than the limit of {max} bytes",
    ),
    "rate_limited": (
        "请求过于频繁，请 {seconds} 秒后重试",
        "too many requests; retry in {seconds} s",
    ),
    "publishing": (
        "正在发布一次大批量导入，发布完成前数据不完整，暂停查询；请稍后重试",
        "a large import is being published and the graph is incomplete until it is done;"
        " try again shortly",
    ),
}


def text(key: str, lang: str, **values: object) -> str:
    """Returns a message in the language ("en", else Chinese)."""
    zh, en = TEXT[key]
    return (en if lang == "en" else zh).format(**values)


def language(accept_language: str) -> str:
    """Returns "en" when an Accept-Language header prefers English, else "zh"."""
    return "en" if accept_language.strip().lower().startswith("en") else "zh"
