"""Path converters for the natural keys in public URLs."""


class ISO3Converter:
    """Three ASCII letters, e.g. NOR or nor (views upper-case it)."""

    regex = "[A-Za-z]{3}"

    def to_python(self, value: str) -> str:
        return value.upper()

    def to_url(self, value: str) -> str:
        return value


class PlanKeyConverter:
    """A plan's generation (1, 2, …); where no source gives one, adopted-<year>, or
    period-<start year> where the source gives no year of adoption either."""

    regex = "[0-9]{1,2}|adopted-[0-9]{4}|period-[0-9]{4}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return str(value)
