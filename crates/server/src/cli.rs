//! The admin command line, in the same binary as the server: `steady-server user add …` and
//! `steady-server referrer add …`.

use crate::accounts;
use crate::db::Pool;
use std::io::{BufRead, IsTerminal};
use steady_domain::accounts::Role;

/// What `user add` produced, for printing.
pub struct Added {
    pub password_link: Option<String>,
}

/// Creates a staff account. With `prompt_password` the password is read now (hidden when typed at a
/// terminal, one line when piped); otherwise a one-time link to set it is returned.
pub async fn add_user(
    pool: &Pool,
    public_url: &str,
    role: Role,
    name: &str,
    email: &str,
    prompt_password: bool,
) -> Result<Added, Box<dyn std::error::Error>> {
    let password = if prompt_password { Some(read_password()?) } else { None };
    if let Some(p) = &password {
        steady_domain::accounts::check_new_password(p)?;
    }
    let (id, token) = accounts::create_staff(pool, name, email, role).await?;
    match password {
        Some(p) => {
            accounts::set_password(pool, &id, &p).await?;
            Ok(Added { password_link: None })
        }
        None => Ok(Added {
            password_link: Some(format!("{}/staff/set-password#token={token}", public_url.trim_end_matches('/'))),
        }),
    }
}

/// Adds a referring organisation; returns its API key (256 random bits), which is stored only hashed.
pub async fn add_referrer(
    pool: &Pool,
    name: &str,
    ods_code: steady_domain::referral::OdsCode,
    referral_source: steady_domain::enrolment::ReferralSource,
) -> Result<String, Box<dyn std::error::Error>> {
    let name = steady_domain::enrolment::DisplayName::parse(name)?;
    let key = crate::secrets::new_token()?;
    let referrer = crate::store::referrers::Referrer {
        id: uuid::Uuid::new_v4().to_string(),
        name: name.as_str().to_string(),
        ods_code,
        referral_source,
    };
    crate::store::referrers::insert(pool, &referrer, &crate::secrets::hash_token(&key), crate::state::now()).await?;
    Ok(key)
}

fn read_password() -> std::io::Result<String> {
    if std::io::stdin().is_terminal() {
        rpassword::prompt_password("Password (at least 12 characters): ")
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}
