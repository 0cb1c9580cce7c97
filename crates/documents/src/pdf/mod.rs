pub(crate) fn render(_d: &crate::Document) -> Result<Vec<u8>, crate::Error> {
    Err(crate::Error::new("todo"))
}
