"""Files written from the model beside the pages: the PDF, the search index, the open data."""
