// placeholder: replaced by the serve entry point
