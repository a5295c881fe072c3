//! The current time wherever the code runs; the domain never reads a clock.

use domain::Timestamp;

/// Now.
pub fn now() -> Timestamp {
    #[cfg(feature = "hydrate")]
    {
        crate::browser::now()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let millis = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.as_millis() as i64)
            .unwrap_or_default();
        Timestamp::from_millis(millis)
    }
}
