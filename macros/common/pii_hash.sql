{#
    Salted SHA-256 (hex) of a personal-data value, for when a join key is needed without the
    value itself (e.g. matching a phone number across systems). The salt comes from the
    environment variable CX_PII_SALT, never from the repository. Without it the public demo
    salt 'cx-demo-salt' is used and a warning is logged: fine for sample data, not for real
    customers (anyone could rebuild the hashes). digits_only normalises phone numbers to
    their digits first, so '+86 138-0013-8000' and '8613800138000' hash alike.

    Usage: {{ pii_hash('phone', digits_only=true) }} as phone_hash
#}
{% macro pii_hash(expr, digits_only=false) -%}
    {%- set salt = env_var('CX_PII_SALT', '') -%}
    {%- if salt == '' -%}
        {%- if execute -%}
            {{ log("WARNING: CX_PII_SALT is not set; hashing personal data with the public demo salt", info=true) }}
        {%- endif -%}
        {%- set salt = 'cx-demo-salt' -%}
    {%- endif -%}
    {{ return(adapter.dispatch('pii_hash', 'cx_warehouse')(expr, salt | replace("'", "''"), digits_only)) }}
{%- endmacro %}

{# PostgreSQL #}
{% macro default__pii_hash(expr, salt, digits_only) -%}
    {%- set value = "regexp_replace(" ~ expr ~ ", '[^0-9]', '', 'g')" if digits_only else expr -%}
    encode(sha256(convert_to('{{ salt }}' || {{ value }}, 'UTF8')), 'hex')
{%- endmacro %}

{% macro duckdb__pii_hash(expr, salt, digits_only) -%}
    {%- set value = "regexp_replace(" ~ expr ~ ", '[^0-9]', '', 'g')" if digits_only else expr -%}
    sha256('{{ salt }}' || {{ value }})
{%- endmacro %}

{% macro spark__pii_hash(expr, salt, digits_only) -%}
    {%- set value = "regexp_replace(" ~ expr ~ ", '[^0-9]', '')" if digits_only else expr -%}
    sha2(concat('{{ salt }}', {{ value }}), 256)
{%- endmacro %}
