//! Dates and times as readers expect them, from one ISO date in the content: ๕ เมษายน ๒๕๖๕
//! (Buddhist era, Thai or Arabic digits by site setting) for Thai, 5 April 2022 for English.
//! Month and weekday names come from the theme's interface strings.

use crate::i18n::Strings;
use crate::lang::{thai_digits, Lang};
use jiff::civil::{Date, Time, Weekday};
use toml::value::Datetime;

/// Years between the Gregorian and the Buddhist era.
const BUDDHIST_ERA_OFFSET: i16 = 543;

/// A TOML value that must be a plain date (`2022-04-05`).
pub fn civil_date(value: &Datetime) -> Result<Date, String> {
    match (value.date, value.time, value.offset) {
        (Some(d), None, None) => Date::new(d.year as i16, d.month as i8, d.day as i8).map_err(|e| format!("impossible date {value}: {e}")),
        _ => Err(format!("expected a date such as 2022-04-05, got {value}")),
    }
}

/// A time of day written `13:30` (or `13.30`, as Thai documents write it).
pub fn parse_time(text: &str) -> Result<Time, String> {
    let bad = || format!("expected a time such as \"13:30\", got \"{text}\"");
    let (h, m) = text.trim().split_once([':', '.']).ok_or_else(bad)?;
    let (h, m): (i8, i8) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    Time::new(h, m, 0, 0).map_err(|_| format!("impossible time \"{text}\""))
}

/// Formats dates and times in a language with the theme's month and weekday names.
pub struct DateFormat<'a> {
    pub strings: &'a Strings,
    pub thai_digits: bool,
}

impl DateFormat<'_> {
    fn digits(&self, text: String, lang: Lang) -> String {
        if lang == Lang::Th && self.thai_digits {
            thai_digits(&text)
        } else {
            text
        }
    }

    fn month(&self, date: Date, lang: Lang) -> &str {
        self.strings.get(lang, MONTHS[date.month() as usize - 1])
    }

    /// `๕ เมษายน ๒๕๖๕` / `5 April 2022`.
    pub fn date(&self, date: Date, lang: Lang) -> String {
        let text = match lang {
            Lang::Th => format!("{} {} {}", date.day(), self.month(date, lang), date.year() + BUDDHIST_ERA_OFFSET),
            Lang::En => format!("{} {} {}", date.day(), self.month(date, lang), date.year()),
        };
        self.digits(text, lang)
    }

    /// `วันอังคารที่ ๓ พฤษภาคม ๒๕๖๕` / `Tuesday 3 May 2022`.
    pub fn date_with_weekday(&self, date: Date, lang: Lang) -> String {
        let weekday = self.strings.get(lang, weekday_key(date.weekday()));
        match lang {
            Lang::Th => format!("วัน{weekday}ที่ {}", self.date(date, lang)),
            Lang::En => format!("{weekday} {}", self.date(date, lang)),
        }
    }

    /// `๑๓.๓๐ น.` / `13:30`.
    pub fn time(&self, time: Time, lang: Lang) -> String {
        match lang {
            Lang::Th => self.digits(format!("{:02}.{:02} น.", time.hour(), time.minute()), lang),
            Lang::En => format!("{:02}:{:02}", time.hour(), time.minute()),
        }
    }

    /// `๑๓.๓๐–๑๕.๒๐ น.` / `13:30–15:20`.
    pub fn time_range(&self, start: Time, end: Time, lang: Lang) -> String {
        match lang {
            Lang::Th => self.digits(
                format!("{:02}.{:02}–{:02}.{:02} น.", start.hour(), start.minute(), end.hour(), end.minute()),
                lang,
            ),
            Lang::En => format!("{}–{}", self.time(start, lang), self.time(end, lang)),
        }
    }
}

/// ISO 8601 timestamp in Bangkok time (UTC+7) for feeds.
pub fn rfc3339_bangkok(date: Date, time: Time) -> String {
    format!("{date}T{:02}:{:02}:00+07:00", time.hour(), time.minute())
}

const MONTHS: [&str; 12] = [
    "month_1", "month_2", "month_3", "month_4", "month_5", "month_6", "month_7", "month_8", "month_9", "month_10",
    "month_11", "month_12",
];

fn weekday_key(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Monday => "weekday_1",
        Weekday::Tuesday => "weekday_2",
        Weekday::Wednesday => "weekday_3",
        Weekday::Thursday => "weekday_4",
        Weekday::Friday => "weekday_5",
        Weekday::Saturday => "weekday_6",
        Weekday::Sunday => "weekday_7",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;

    fn strings() -> Strings {
        let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        Strings::load(&[&theme], &theme, &Lang::ALL, &mut Diagnostics::default()).unwrap()
    }

    #[test]
    fn thai_dates_are_buddhist_era_with_thai_or_arabic_digits() {
        let s = strings();
        let date: Datetime = "2022-04-05".parse().unwrap();
        let date = civil_date(&date).unwrap();
        let thai = DateFormat { strings: &s, thai_digits: true };
        assert_eq!(thai.date(date, Lang::Th), "๕ เมษายน ๒๕๖๕");
        assert_eq!(thai.date(date, Lang::En), "5 April 2022");
        assert_eq!(DateFormat { strings: &s, thai_digits: false }.date(date, Lang::Th), "5 เมษายน 2565");
        let next = Date::new(2022, 5, 3).unwrap();
        assert_eq!(thai.date_with_weekday(next, Lang::Th), "วันอังคารที่ ๓ พฤษภาคม ๒๕๖๕");
        assert_eq!(thai.date_with_weekday(next, Lang::En), "Tuesday 3 May 2022");
    }

    #[test]
    fn times_read_as_in_thai_minutes() {
        let s = strings();
        let f = DateFormat { strings: &s, thai_digits: true };
        let (a, b) = (parse_time("13:30").unwrap(), parse_time("15.20").unwrap());
        assert_eq!(f.time(a, Lang::Th), "๑๓.๓๐ น.");
        assert_eq!(f.time_range(a, b, Lang::Th), "๑๓.๓๐–๑๕.๒๐ น.");
        assert_eq!(f.time_range(a, b, Lang::En), "13:30–15:20");
        assert!(parse_time("25:00").is_err());
        assert!(parse_time("noon").is_err());
    }

    #[test]
    fn only_plain_dates_are_accepted() {
        let with_time: Datetime = "2022-04-05T10:00:00".parse().unwrap();
        assert!(civil_date(&with_time).is_err());
    }
}
